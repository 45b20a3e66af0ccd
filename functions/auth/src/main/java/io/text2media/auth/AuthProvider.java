package io.text2media.auth;

import io.text2media.shared.boot.FunctionContext;
import io.text2media.shared.boot.FunctionProvider;
import io.text2media.shared.boot.FunctionRoutes;
import io.text2media.shared.config.SettingsException;

import java.nio.charset.StandardCharsets;

/**
 * The auth function: {@code /api/auth/*} (original-contract.md §4.1-§4.7 with design.md §5.1-§5.8). Reads its own
 * settings ({@link AuthSettings}), builds its services on the shared context and registers the routes, each wrapped
 * to emit the original's {@code [METRIC]} event.
 */
public final class AuthProvider implements FunctionProvider {

    @Override
    public String name() {
        return "auth";
    }

    @Override
    public void routing(FunctionRoutes routes, FunctionContext context) {
        AuthSettings settings = AuthSettings.from(context.env());
        context.database(); // start the pool now, so readiness reports the database from the first probe

        Accounts accounts = new Accounts(context.authenticator().users());
        PasswordCheck passwords = new PasswordCheck(context.passwords(), context.hashing());
        PasswordPolicy policy = new PasswordPolicy(context.passwords().settings().maxPasswordLength());
        Throttles throttles = new Throttles(context.rateLimiter(), settings.limits());
        ResetTokens resetTokens = new ResetTokens(context.store(), context.clock());
        ResetMailer mailer = new ResetMailer(settings.email(), context.upstreams(), context.metrics());
        context.onShutdown(mailer::close);
        GoogleApi google = new GoogleApi(settings.google(), context.upstreams());
        GoogleAccounts googleAccounts = new GoogleAccounts(accounts, context.clock());
        GoogleSignInAnswer googleAnswer = new GoogleSignInAnswer(context.jwt());
        OAuthStates states = new OAuthStates(stateKey(context), context.clock());
        RouteMetrics metrics = new RouteMetrics(context.metricEvents());

        routes.post("/api/auth/register", metrics.metered("auth_register",
                new RegisterRoute(context.json(), accounts, passwords, policy, context.jwt(), context.clock())::handle));
        routes.post("/api/auth/login", metrics.metered("auth_login",
                new LoginRoute(context.json(), accounts, passwords, policy, throttles, context.jwt(), context.clock())::handle));
        routes.get("/api/auth/validate", metrics.metered("auth_validate",
                new ValidateRoute(context.authenticator(), context.jwt())::handle));
        routes.post("/api/auth/logout", metrics.metered("auth_logout",
                new LogoutRoute(context.authenticator(), accounts)::handle));
        routes.post("/api/auth/forgot-password", metrics.metered("auth_forgot_password",
                new ForgotPasswordRoute(context.json(), accounts, throttles, resetTokens, mailer)::handle));
        routes.post("/api/auth/reset-password", metrics.metered("auth_reset_password",
                new ResetPasswordRoute(context.json(), accounts, passwords, policy, resetTokens, throttles, context.clock())::handle));
        routes.post("/api/auth/google-login", metrics.metered("auth_login_google",
                new GoogleLoginRoute(context.json(), settings.google(), google, googleAccounts, googleAnswer)::handle));
        routes.post("/api/auth/google-oauth", metrics.metered("auth_oauth_google",
                new GoogleOAuthRoute(context.json(), settings.google(), states, google, googleAccounts, googleAnswer)::handle));
        routes.get("/api/auth/google/authorize-url", metrics.metered("auth_google_authorize_url",
                new AuthorizeUrlRoute(settings.google(), states)::handle));
    }

    /** The OAuth state key derives from JWT_SECRET (required outside the dev profile, generated in it). */
    private static byte[] stateKey(FunctionContext context) {
        return context.settings().jwt().secret()
                .orElseThrow(() -> new SettingsException("JWT_SECRET", "is required (the OAuth state key derives from it)"))
                .getBytes(StandardCharsets.UTF_8);
    }
}
