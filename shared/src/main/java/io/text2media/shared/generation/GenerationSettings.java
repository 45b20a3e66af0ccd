package io.text2media.shared.generation;

import io.text2media.shared.config.Env;
import io.text2media.shared.config.Profile;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.observe.Log;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the image and audio functions share about generation: the Pollinations token and bases, which provider serves
 * (Pollinations or the offline demo), and the prompt length limit. Read once at start-up from the environment.
 *
 * <p>Provider choice: {@code GENERATION_PROVIDER} when set; otherwise Pollinations when a token is set, the demo in the
 * dev profile without a token (what {@code make run} uses), and Pollinations in prod without a token (whose requests
 * then get the original's token-missing error): prod never falls back to the demo silently.
 */
public record GenerationSettings(Optional<String> token,
                                 URI imageBase,
                                 URI textBase,
                                 GenerationProvider provider,
                                 boolean providerExplicit,
                                 Profile profile,
                                 int maxPromptLength) {

    /** The original's 500 when the Pollinations token is missing: {@code prefix + missingMessage}, no upstream call. */
    public void requireToken(String prefix, String missingMessage) {
        if (token.isEmpty()) {
            throw ApiException.error(500, "upstream_not_configured", prefix + missingMessage);
        }
    }
    public static final String DEFAULT_BASE = "https://gen.pollinations.ai";
    /** The hosts of the endpoints Pollinations removed in March 2026 (original-contract.md §14.1). */
    private static final Set<String> RETIRED_HOSTS = Set.of("image.pollinations.ai", "text.pollinations.ai");
    private static final Log LOG = Log.of(GenerationSettings.class);

    public static GenerationSettings from(Env env, Profile profile) {
        Optional<String> token = env.firstOf("POLLINATIONS_API_TOKEN", "POLLINATIONS_API_KEY");
        URI gen = env.url("POLLINATIONS_GEN_API_BASE", DEFAULT_BASE);
        URI image = stripSlash(env.optionalUrl("POLLINATIONS_IMAGE_API_BASE").orElse(gen));
        URI text = stripSlash(env.optionalUrl("POLLINATIONS_TEXT_API_BASE").orElse(gen));
        Optional<String> chosen = env.optional("GENERATION_PROVIDER")
                .map(v -> env.oneOf("GENERATION_PROVIDER", "pollinations", Set.of("pollinations", "demo")));
        GenerationProvider provider;
        if (chosen.isPresent()) {
            provider = GenerationProvider.valueOf(chosen.get().toUpperCase(Locale.ROOT));
        } else if (token.isEmpty() && profile.isDev()) {
            provider = GenerationProvider.DEMO;
        } else {
            provider = GenerationProvider.POLLINATIONS;
        }
        return new GenerationSettings(token, image, text, provider, chosen.isPresent(), profile,
                env.integer("MAX_PROMPT_LENGTH", 2000, 1, 100_000));
    }

    public boolean demo() {
        return provider == GenerationProvider.DEMO;
    }

    /** The {@code Authorization} header value for Pollinations, when a token is configured. */
    public Optional<String> authorization() {
        return token.map(t -> "Bearer " + t);
    }

    /**
     * Says at start-up which provider serves and why (design: the dev fallback is announced, an explicit demo in prod
     * is a warning, a missing token in prod is a warning). Never logs the token.
     */
    public void announce(String function) {
        if (demo()) {
            String reason = providerExplicit ? "GENERATION_PROVIDER=demo"
                    : "POLLINATIONS_API_TOKEN is not set in the dev profile";
            if (profile.isDev()) {
                LOG.info("generation_provider_demo", "function", function, "reason", reason,
                        "note", "images and speech are rendered locally; set POLLINATIONS_API_TOKEN for real ones");
            } else {
                LOG.warn("generation_provider_demo", "function", function, "reason", reason,
                        "note", "the prod profile serves locally rendered demo images and speech");
            }
            return;
        }
        if (token.isEmpty()) {
            LOG.warn("generation_token_missing", "function", function,
                    "note", "POLLINATIONS_API_TOKEN (or POLLINATIONS_API_KEY) is not set: generation answers 500 until it is");
        }
        for (URI base : new URI[] {imageBase, textBase}) {
            if (base.getHost() != null && RETIRED_HOSTS.contains(base.getHost().toLowerCase(Locale.ROOT))) {
                LOG.warn("generation_base_retired", "function", function, "base", hostOf(base),
                        "note", "this Pollinations endpoint was retired; unset POLLINATIONS_IMAGE_API_BASE/POLLINATIONS_TEXT_API_BASE");
            }
        }
        LOG.info("generation_provider", "function", function, "provider", "pollinations",
                "imageBase", hostOf(imageBase), "textBase", hostOf(textBase));
    }

    /** Scheme, host and port only: a configured URL may carry credentials, which never go to a log. */
    public static String hostOf(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static URI stripSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "GenerationSettings[token=" + (token.isPresent() ? "<set>" : "<unset>") + ", imageBase=" + hostOf(imageBase)
                + ", textBase=" + hostOf(textBase) + ", provider=" + provider + ", maxPromptLength=" + maxPromptLength + "]";
    }
}
