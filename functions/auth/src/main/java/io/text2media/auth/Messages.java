package io.text2media.auth;

/**
 * The texts the frontend shows, byte-exact from the original (original-contract.md §1.2, §4.1-§4.7), plus the few
 * new ones of this function's improvements (marked "new").
 */
final class Messages {
    // JSON body messages (§1.2)
    static final String REGISTER_JSON = "注册请求体必须为 JSON";
    static final String LOGIN_JSON = "登录请求体必须为 JSON";
    static final String FORGOT_JSON = "忘记密码请求体必须为 JSON";
    static final String RESET_JSON = "重置密码请求体必须为 JSON";
    static final String GOOGLE_LOGIN_JSON = "Google 登录请求体必须为 JSON";
    static final String GOOGLE_OAUTH_JSON = "Google OAuth 请求体必须为 JSON";

    // register (§4.1)
    static final String FILL_ALL_FIELDS = "请填写所有必填字段";
    static final String BAD_EMAIL = "邮箱格式不正确";
    static final String PASSWORD_TOO_SHORT = "密码长度至少6位";
    static final String EMAIL_TAKEN = "该邮箱已被注册";
    static final String REGISTER_FAILED = "注册失败，请稍后重试";
    static final String REGISTERED = "注册成功";
    /** new: passwords over 1024 characters (design.md §5.5). */
    static final String PASSWORD_TOO_LONG = "密码长度不能超过1024位";
    /** new: username rules. */
    static final String USERNAME_TOO_LONG = "用户名长度不能超过50个字符";
    static final String USERNAME_INVALID = "用户名包含非法字符";

    // login (§4.2)
    static final String FILL_EMAIL_AND_PASSWORD = "请填写邮箱和密码";
    static final String WRONG_CREDENTIALS = "邮箱或密码错误";
    static final String ACCOUNT_DISABLED = "账户已被禁用";
    static final String LOGGED_IN = "登录成功";
    /** new: the per-account failed-login limit. */
    static final String TOO_MANY_FAILED_LOGINS = "登录失败次数过多，请稍后再试";

    // validate (§4.3)
    static final String NO_TOKEN = "缺少认证token";
    static final String TOKEN_INVALID = "token无效或已过期";
    static final String USER_NOT_FOUND = "用户不存在";

    // logout (new)
    static final String LOGGED_OUT = "已退出登录";

    // forgot / reset (§4.4, §4.5)
    static final String ENTER_EMAIL = "请输入邮箱地址";
    /** The original's wording for a known email; now the answer for every email (no account enumeration). */
    static final String RESET_LINK_SENT = "如果该邮箱已注册，重置密码链接将发送到您的邮箱";
    /** The original's rate-limit text (§11), reused for the forgot-password limits. */
    static final String TOO_MANY_REQUESTS = "请求过于频繁，请稍后再试";
    static final String MISSING_PARAMS = "缺少必要参数";
    static final String RESET_LINK_INVALID = "重置链接无效或已过期";
    static final String RESET_LINK_USED = "该重置链接已被使用";
    static final String RESET_FAILED = "重置失败，请稍后重试";
    static final String RESET_DONE = "密码重置成功，请使用新密码登录";

    // Google (§4.6, §4.7)
    static final String MISSING_ID_TOKEN = "缺少Google ID token";
    static final String CONFIG_ERROR = "服务器配置错误，请联系管理员";
    static final String GOOGLE_VERIFY_FAILED = "Google登录验证失败";
    static final String GOOGLE_EMAIL_UNVERIFIED = "Google账户邮箱未验证";
    static final String GOOGLE_LOGIN_FAILED = "Google登录失败，请稍后重试";
    static final String GOOGLE_LOGGED_IN = "Google登录成功";
    static final String MISSING_CODE = "缺少授权码";
    static final String GRANT_INVALID = "授权码无效或已过期，请重新登录";
    static final String REDIRECT_MISMATCH = "回调地址不匹配（redirect_uri_mismatch）";
    static final String CLIENT_INVALID = "客户端ID或密钥无效（invalid_client）";
    static final String GOOGLE_AUTH_FAILED = "Google授权失败，请重试";
    static final String USERINFO_FAILED = "获取用户信息失败";
    /** new: a server-issued OAuth state that is forged, expired or for another redirect URI (or missing when required). */
    static final String STATE_INVALID = "登录状态无效或已过期，请重新登录";

    private Messages() {
    }
}
