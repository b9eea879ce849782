package com.textloom.backup.recovery.assess;

import java.net.URI;

/** A URL as an assessment may show it: scheme, host, port and path; never user info (passwords) or query (tokens). */
final class SafeUrl {

    private SafeUrl() {}

    /** {@code postgresql://app:secret@db:5432/textloom?sslmode=x} → {@code postgresql://db:5432/textloom}. */
    static String describe(String url) {
        if (url == null) {
            return null;
        }
        try {
            return describe(URI.create(url.strip()));
        } catch (IllegalArgumentException e) {
            return "(an unreadable URL)";
        }
    }

    /** {@code message} with the user info of {@code url} (and its password alone) replaced by {@code ***}. */
    static String scrub(String message, String url) {
        if (message == null || url == null) {
            return message;
        }
        try {
            String userInfo = URI.create(url.strip()).getRawUserInfo();
            if (userInfo == null || userInfo.isEmpty()) {
                return message;
            }
            String out = message.replace(userInfo, "***");
            int colon = userInfo.indexOf(':');
            if (colon >= 0 && colon < userInfo.length() - 1) {
                out = out.replace(userInfo.substring(colon + 1), "***");
            }
            return out;
        } catch (IllegalArgumentException e) {
            return message;
        }
    }

    static String describe(URI u) {
        if (u == null) {
            return null;
        }
        if (u.getHost() == null) {
            return u.getScheme() == null ? "(a URL without host)" : u.getScheme() + ":(no host)";
        }
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                + (u.getRawPath() == null ? "" : u.getRawPath());
    }
}
