package com.textloom.backup.cli.repo;

import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.repository.KeyInfo;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.storage.BlobStore;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code repo key add|list|remove|generate}: key slots, so a key rotates without rewriting data. */
@Command(
        name = "key",
        mixinStandardHelpOptions = true,
        description = {
            "Manage the repository's key slots. Every slot unlocks the same master key,"
                    + " so adding and removing keys rewrites no data.",
            "Rotate a key: 'key add' (prints or takes the new key), switch BACKUP_ENCRYPTION_KEY to it,"
                    + " then 'key remove' the old slot."
        },
        subcommands = {
            KeyCommand.Add.class,
            KeyCommand.ListKeys.class,
            KeyCommand.Remove.class,
            KeyCommand.Generate.class
        })
final class KeyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "add",
            description = {
                "Add a key slot. The new key or passphrase is read from --new-password-file, or from the"
                        + " variable named by --new-key-env; with neither, a new random key is generated and"
                        + " printed once: store it safely.",
                "The repository is opened with the current key (BACKUP_ENCRYPTION_KEY or --password-file)."
            })
    static final class Add extends RepoSubcommand {
        @Option(
                names = "--new-password-file",
                paramLabel = "FILE",
                description = "First line: the new key (base64 of 32 bytes) or a passphrase.")
        Path newPasswordFile;

        @Option(
                names = "--new-key-env",
                paramLabel = "VAR",
                description = "Environment variable holding the new key or passphrase.")
        String newKeyEnv;

        @Option(
                names = "--label",
                paramLabel = "TEXT",
                defaultValue = "",
                description = "Free text stored with the slot (who, what for).")
        String label;

        Add(CliContext ctx) {
            super(ctx);
        }

        @Override
        protected int run() throws Exception {
            String generated = null;
            KeySource newKey;
            if (newPasswordFile != null && newKeyEnv != null) {
                throw new IllegalArgumentException("give --new-password-file or --new-key-env, not both");
            } else if (newPasswordFile != null) {
                newKey = keyFromFile(newPasswordFile, "--new-password-file");
            } else if (newKeyEnv != null) {
                String v = ctx.env().get(newKeyEnv);
                if (v == null || v.isBlank()) {
                    throw new IllegalArgumentException("--new-key-env: variable " + newKeyEnv + " is not set");
                }
                newKey = KeySource.fromValue(v);
            } else {
                generated = KeySource.generateKey();
                newKey = KeySource.key(generated);
            }
            KeyInfo k;
            try (BlobStore store = openStore();
                    Repository repo = open(store)) {
                k = repo.addKey(newKey, label);
            }
            if (json) {
                var n = JsonOutput.object();
                n.put("id", k.id());
                n.put("kind", k.kind());
                if (generated != null) {
                    n.put("key", generated);
                }
                JsonOutput.print(ctx.out(), n);
            } else {
                ctx.out().println("added key " + k.id().substring(0, 8) + " (" + k.kind() + ")");
                if (generated != null) {
                    ctx.out().println("new key (shown once, store it safely): " + generated);
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", description = "List the key slots (never any secret).")
    static final class ListKeys extends RepoSubcommand {
        ListKeys(CliContext ctx) {
            super(ctx);
        }

        @Override
        protected int run() throws Exception {
            List<KeyInfo> keys;
            try (BlobStore store = openStore();
                    Repository repo = open(store)) {
                keys = repo.keys();
            }
            if (json) {
                var arr = JsonOutput.array();
                for (KeyInfo k : keys) {
                    var n = arr.addObject();
                    n.put("id", k.id());
                    n.put("kind", k.kind());
                    n.put("created", k.created() == null ? null : k.created().toString());
                    n.put("host", k.host());
                    n.put("label", k.label());
                    n.put("current", k.current());
                }
                JsonOutput.print(ctx.out(), arr);
            } else {
                ctx.out().printf(" %-8s  %-10s  %-24s  %-16s  %s%n", "ID", "KIND", "CREATED", "HOST", "LABEL");
                for (KeyInfo k : keys) {
                    ctx.out()
                            .printf(
                                    "%s%-8s  %-10s  %-24s  %-16s  %s%n",
                                    k.current() ? "*" : " ",
                                    k.id().substring(0, 8),
                                    k.kind(),
                                    k.created() == null
                                            ? ""
                                            : k.created().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                                    k.host(),
                                    k.label());
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "remove",
            description = {
                "Remove a key slot (id or unique prefix).",
                "The last slot, and the slot in use now, cannot be removed."
            })
    static final class Remove extends RepoSubcommand {
        @Parameters(index = "0", paramLabel = "KEYID", description = "The slot to remove.")
        String keyId;

        Remove(CliContext ctx) {
            super(ctx);
        }

        @Override
        protected int run() throws Exception {
            try (BlobStore store = openStore();
                    Repository repo = open(store)) {
                KeyInfo current = repo.keys().stream()
                        .filter(KeyInfo::current)
                        .findFirst()
                        .orElse(null);
                if (current != null && current.id().startsWith(keyId)) {
                    throw new IllegalArgumentException("key " + current.id().substring(0, 8) + " is the one"
                            + " in use: open the repository with another key to remove it");
                }
                repo.removeKey(keyId);
            }
            if (json) {
                var n = JsonOutput.object();
                n.put("removed", keyId);
                JsonOutput.print(ctx.out(), n);
            } else {
                ctx.out().println("removed key " + keyId);
            }
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "generate",
            mixinStandardHelpOptions = true,
            description = {
                "Print a new random key (url-safe base64 of 32 bytes, like Fernet.generate_key()) for"
                        + " BACKUP_ENCRYPTION_KEY. Touches no repository."
            })
    static final class Generate implements java.util.concurrent.Callable<Integer> {
        private final CliContext ctx;

        Generate(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ctx.out().println(KeySource.generateKey());
            return ExitCodes.OK;
        }
    }
}
