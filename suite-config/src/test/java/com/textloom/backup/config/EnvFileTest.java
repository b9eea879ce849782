package com.textloom.backup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheGuidesFormWithInlineCommentsExportsAndQuotes() throws Exception {
        Path file = write("""
                # 备份策略
                BACKUP_DAILY_RETENTION_DAYS=7      # 日备份保留天数
                export MINIO_ENDPOINT=localhost:9000
                BACKUP_SLACK_CHANNEL="#alerts"     # quoted: the # is kept
                BACKUP_EMAIL_FROM='alerts@yourdomain.com'
                BACKUP_SLACK_WEBHOOK_URL=https://hooks.slack.com/your/webhook/url#frag
                EMPTY=

                BACKUP_DAILY_RETENTION_DAYS=8
                """);
        Map<String, String> vars = EnvFile.read(file);
        assertEquals("8", vars.get("BACKUP_DAILY_RETENTION_DAYS"), "a later line wins");
        assertEquals("localhost:9000", vars.get("MINIO_ENDPOINT"));
        assertEquals("#alerts", vars.get("BACKUP_SLACK_CHANNEL"));
        assertEquals("alerts@yourdomain.com", vars.get("BACKUP_EMAIL_FROM"));
        assertEquals(
                "https://hooks.slack.com/your/webhook/url#frag",
                vars.get("BACKUP_SLACK_WEBHOOK_URL"),
                "a # without a space before it is part of the value");
        assertEquals("", vars.get("EMPTY"));
        assertEquals(6, vars.size());
    }

    /**
     * The examples of Compose's env-file syntax page (https://docs.docker.com/compose/env-file/) and the case
     * that stopped every Compose service (issue 13): blanks after '=', then '#', are the value, not a comment.
     */
    @Test
    void readsEveryLineAsComposesEnvFileParserDoes() throws Exception {
        Path file = write("""
                A=VAL
                B="VAL"
                C='VAL'
                D=VAL # comment
                E=VAL# not a comment
                F="VAL # not a comment"
                G="VAL" # comment
                H='$OTHER'
                I='Let\\'s go!'
                J="{\\"hello\\": \\"json\\"}"
                K="some\\tvalue"
                L='some\\tvalue'
                BACKUP_SLACK_CHANNEL=#alerts
                M=VAL\t# a tab is not the space Compose looks for
                  N =  spaced value  \s
                """);
        // NAME -> the value Compose gives it (Java escapes: \t is a tab)
        String expected = """
                A -> VAL
                B -> VAL
                C -> VAL
                D -> VAL
                E -> VAL# not a comment
                F -> VAL # not a comment
                G -> VAL
                H -> $OTHER
                I -> Let's go!
                J -> {"hello": "json"}
                K -> some\tvalue
                L -> some\\tvalue
                BACKUP_SLACK_CHANNEL -> #alerts
                M -> VAL\t# a tab is not the space Compose looks for
                N -> spaced value
                """;
        Map<String, String> want = new LinkedHashMap<>();
        expected.lines().map(l -> l.split(" -> ", 2)).forEach(p -> want.put(p[0], p[1]));
        assertEquals(want, new LinkedHashMap<>(EnvFile.read(file)));
    }

    /**
     * Compose drops the blanks after '=' first, so no ' #' is left to start a comment: it reads the old inline
     * comment as the value (issue 13), e.g. BACKUP_API_KEY would be the comment's text. The suite refuses the line.
     */
    @Test
    void anInlineCommentWhereTheValueGoesIsRefusedNamingTheLine() throws Exception {
        Path file = write(
                "BACKUP_DAILY_RETENTION_DAYS=7\nBACKUP_API_KEY=        # when set, POST/PUT/PATCH/DELETE need it\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvFile.read(file));
        assertTrue(
                e.getMessage().contains(".env.backup:2: BACKUP_API_KEY: a comment where the value goes"),
                e.getMessage());
    }

    @Test
    void aLineThatIsNotAnAssignmentIsAnErrorNamingFileAndLine() throws Exception {
        Path file = write("BACKUP_DAILY_RETENTION_DAYS=7\nthis is not a setting\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvFile.read(file));
        assertTrue(e.getMessage().endsWith(".env.backup:2: not NAME=value"), e.getMessage());
    }

    @Test
    void anUnterminatedQuoteNamesTheVariableButNotTheValue() throws Exception {
        Path file = write("BACKUP_SMTP_PASSWORD=\"hunter2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvFile.read(file));
        assertTrue(e.getMessage().contains("BACKUP_SMTP_PASSWORD: unterminated \" quote"), e.getMessage());
        assertTrue(!e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void theFileIsDotEnvBackupInTheWorkingDirectoryOrTheOneBackupEnvFileNames() {
        assertEquals(dir.resolve(".env.backup").toAbsolutePath(), EnvFile.location(Map.of(), dir));
        assertEquals(
                dir.resolve("conf/backup.env").toAbsolutePath(),
                EnvFile.location(Map.of("BACKUP_ENV_FILE", "conf/backup.env"), dir),
                "relative to the working directory");
        assertEquals(
                Path.of("/etc/textloom/backup.env"),
                EnvFile.location(Map.of("BACKUP_ENV_FILE", "/etc/textloom/backup.env"), dir));
        assertEquals(
                dir.resolve(".env.backup").toAbsolutePath(),
                EnvFile.location(Map.of("BACKUP_ENV_FILE", " "), dir),
                "blank means unset");
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve(".env.backup");
        Files.writeString(file, text);
        return file;
    }
}
