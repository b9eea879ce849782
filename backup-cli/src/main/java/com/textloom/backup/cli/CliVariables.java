package com.textloom.backup.cli;

import com.textloom.backup.config.StorageEndpoint;
import com.textloom.backup.config.SuiteVariables;
import com.textloom.backup.config.Variable;
import com.textloom.backup.config.VariableRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the command line reads the suite's variables: by suite-config's catalogue
 * ({@link SuiteVariables}, the services' rules, defaults and messages), except that
 * {@code BACKUP_ENCRYPTION_KEY} may also be a passphrase for a repository made with one; and the
 * remote stores by suite-config's {@link StorageEndpoint}, as the manager copies to them.
 */
public final class CliVariables {

    /** Every variable with a rule. */
    static final List<Variable> ALL = all();

    /** {@code --repo} / {@code --to} names of the stores the variables configure. */
    public static final List<String> STORE_NAMES =
            List.of(StorageEndpoint.Kind.MINIO.label(), StorageEndpoint.Kind.OBS.label());

    private CliVariables() {}

    private static List<Variable> all() {
        List<Variable> all = new ArrayList<>();
        for (Variable v : new SuiteVariables().variables()) {
            all.add(
                    v.name().equals("BACKUP_ENCRYPTION_KEY")
                            ? Variable.secret(v.name(), VariableRule.TEXT)
                                    .byDefault(v.defaultValue())
                                    .means(v.meaning())
                            : v);
        }
        return List.copyOf(all);
    }

    /**
     * The repository URI a user gave: {@code minio} or {@code obs} name the store of the
     * {@code MINIO_*} / {@code OBS_*} variables, the very URI the manager copies each backup to
     * ({@code s3:https://minio:9000/textloom-backups} with {@code MINIO_SECURE=true}); anything else is
     * a URI as it is.
     *
     * @throws IllegalArgumentException when the store named is not configured, naming its variable
     */
    public static String repositoryUri(String given, Map<String, String> env) {
        String name = given.strip().toLowerCase(Locale.ROOT);
        if (name.equals(StorageEndpoint.Kind.MINIO.label())) {
            return StorageEndpoint.minio(env::get)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "--repo minio: MINIO_ENDPOINT is not set (environment or .env.backup)"))
                    .repositoryUri();
        }
        if (name.equals(StorageEndpoint.Kind.OBS.label())) {
            return StorageEndpoint.obs(env::get)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "--repo obs: OBS_ENDPOINT is not set (environment or .env.backup)"))
                    .repositoryUri();
        }
        return given;
    }
}
