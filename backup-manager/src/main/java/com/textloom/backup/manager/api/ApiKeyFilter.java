package com.textloom.backup.manager.api;

import com.textloom.backup.manager.config.ManagerSettings;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.core.Response;

/**
 * Every mutating request ({@code POST}, {@code PUT}, {@code DELETE}) under {@code /api} needs a
 * valid {@code X-API-Key} when {@code BACKUP_API_KEY} is set; otherwise 401. The key's user name
 * is kept in the request property {@value #USER} for the audit log.
 */
@Provider
public class ApiKeyFilter implements ContainerRequestFilter {
    public static final String USER = "textloom.user";

    /** Resolved on the first request: the filter is created during static initialisation (see SettingsProducer). */
    @Inject
    jakarta.inject.Provider<ManagerSettings> settings;

    private volatile ApiKeys keys;

    @Override
    public void filter(ContainerRequestContext ctx) {
        if (keys == null) {
            keys = new ApiKeys(settings.get().apiKey());
        }
        String method = ctx.getMethod();
        boolean mutating = method.equals("POST") || method.equals("PUT") || method.equals("DELETE") || method.equals("PATCH");
        if (!ctx.getUriInfo().getPath().startsWith("/api")) {
            return;
        }
        String user = keys.userOf(ctx.getHeaderString("X-API-Key")).orElse(null);
        if (mutating && keys.required() && user == null) {
            ctx.abortWith(ApiError.of(Response.Status.UNAUTHORIZED, "a valid X-API-Key header is required", null));
            return;
        }
        ctx.setProperty(USER, user != null ? user : "api");
    }
}
