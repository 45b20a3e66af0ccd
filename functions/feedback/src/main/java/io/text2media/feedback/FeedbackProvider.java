package io.text2media.feedback;

import io.text2media.shared.boot.FunctionContext;
import io.text2media.shared.boot.FunctionProvider;
import io.text2media.shared.boot.FunctionRoutes;

/**
 * The feedback function: {@code POST /api/feedback}, {@code GET /api/feedback/my}, {@code GET /api/admin/feedback}
 * and {@code PATCH /api/admin/feedback/{id}}, on the FEEDBACK namespace in the original's layout.
 */
public final class FeedbackProvider implements FunctionProvider {

    @Override
    public String name() {
        return "feedback";
    }

    @Override
    public void routing(FunctionRoutes routes, FunctionContext context) {
        FeedbackSettings settings = FeedbackSettings.from(context.env());
        FeedbackRecords records = new FeedbackRecords(context.store());
        UserFeedbackList lists = new UserFeedbackList(context.store());
        SubmitFeedbackService submit = new SubmitFeedbackService(context.json(), context.authenticator(),
                new SubmissionTimer(context.store(), context.clock()), records, lists, context.metricEvents(), context.clock());
        MyFeedbackService mine = new MyFeedbackService(context.authenticator(), lists, records, context.metricEvents());
        AdminFeedbackService admin = new AdminFeedbackService(new AdminKeyGate(settings.adminKey()), records,
                context.json(), context.metricEvents(), context.clock());

        routes.post("/api/feedback", submit::handle);
        routes.get("/api/feedback/my", mine::handle);
        routes.get("/api/admin/feedback", admin::list);
        routes.patch("/api/admin/feedback/{id}", admin::update);
    }
}
