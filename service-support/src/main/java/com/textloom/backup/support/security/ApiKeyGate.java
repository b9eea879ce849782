package com.textloom.backup.support.security;

import com.textloom.backup.support.config.BackupConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Who may call a guarded request ({@link ApiKeyFilter}), from {@code BACKUP_API_KEY} and {@code BACKUP_API_AUTH}.
 * Fails closed: with no key configured a guarded request is refused, unless {@code BACKUP_API_AUTH=disabled}
 * says so explicitly, which is warned about at every start. A configured key always applies, whatever
 * {@code BACKUP_API_AUTH} says. Keys are built once, at run time (after configuration is checked), and never logged.
 */
@ApplicationScoped
public class ApiKeyGate {

    private static final Logger LOG = Logger.getLogger(ApiKeyGate.class);

    private ApiKeys keys;

    @Inject
    BackupConfig config;

    @Inject
    ApiAuthConfig auth;

    void warnAtStart(@Observes StartupEvent start) {
        if (auth.apiAuth() != ApiAuthConfig.Mode.DISABLED) {
            return;
        }
        if (keys().required()) {
            LOG.warn("BACKUP_API_AUTH=disabled is ignored: BACKUP_API_KEY is set, so changes and backup details"
                    + " still need X-API-Key");
        } else {
            LOG.warn(
                    "BACKUP_API_AUTH=disabled: API authentication is OFF; anyone who reaches this service can start,"
                            + " restore and delete backups. Set BACKUP_API_KEY and remove BACKUP_API_AUTH outside a closed test network");
        }
    }

    /** True when guarded requests can be made at all without a key: no key configured and auth disabled. */
    public boolean open() {
        return !keys().required() && auth.apiAuth() == ApiAuthConfig.Mode.DISABLED;
    }

    /** True when at least one key is configured. */
    public boolean required() {
        return keys().required();
    }

    /** The name of the key equal to {@code presented}, or empty; constant time. */
    public Optional<String> match(String presented) {
        return keys().match(presented);
    }

    private synchronized ApiKeys keys() {
        if (keys == null) {
            keys = ApiKeys.parse(config.apiKey().orElse(null));
        }
        return keys;
    }
}
