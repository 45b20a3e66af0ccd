package io.text2media.feedback;

import io.text2media.shared.testing.TestApp;

/** The feedback flows on H2 (a private in-memory database per test). */
class FeedbackH2FlowsTest extends FeedbackFlowsContract {

    @Override
    protected TestApp.Builder builder() {
        return FeedbackFixture.builder();
    }
}
