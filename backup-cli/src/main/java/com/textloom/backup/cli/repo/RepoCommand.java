package com.textloom.backup.cli.repo;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code textloom-backup repo ...}: commands that work directly on a repository. */
@Command(
        name = "repo",
        mixinStandardHelpOptions = true,
        description = {
            "Work directly on a backup repository: no service needed, only its location"
                    + " (--repo) and its key (BACKUP_ENCRYPTION_KEY, --password-file, or a passphrase prompt)."
                    + " Run 'textloom-backup repo COMMAND --help' for each command."
        },
        footerHeading = "%nRepository URIs (--repo, --to, $BACKUP_REPOSITORY):%n",
        footer = {
            "  /var/backups/textloom                  a local directory",
            "  s3:http://HOST:PORT/BUCKET[/PREFIX]    MinIO / S3; MINIO_ACCESS_KEY, MINIO_SECRET_KEY",
            "  obs:https://ENDPOINT/BUCKET[/PREFIX]   Huawei OBS; OBS_ACCESS_KEY, OBS_SECRET_KEY"
        },
        subcommands = {
            InitCommand.class,
            BackupCommand.class,
            SnapshotsCommand.class,
            RestoreCommand.class,
            DumpCommand.class,
            VerifyCommand.class,
            ForgetCommand.class,
            PruneCommand.class,
            KeyCommand.class,
            CopyCommand.class,
            RepairCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok (verify: no damage found)",
            "1:could not run: bad input, backend unreachable, wrong key, repository locked",
            "3:verify found damaged or missing data"
        })
public final class RepoCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
