package com.textloom.backup.recovery.hook;

/**
 * What a hook did.
 *
 * @param success true when the command exited 0 / the URL answered 2xx within the timeout
 * @param detail  in words: which hook (never its text, which may hold a secret), exit status or HTTP status, time
 * @param output  the command's output or the URL's answer, at most the last {@value Hooks#MAX_OUTPUT} characters,
 *                secrets masked
 */
public record HookResult(boolean success, String detail, String output) {}
