package com.textloom.backup.repository.storage;

import java.net.URI;

/** Checks the settings of a remote store (endpoint, keys, bucket) as users write them. */
public final class RemoteEndpoint {
    private RemoteEndpoint() {}

    /**
     * {@code SCHEME://HOST[:PORT]} from an endpoint written with or without a scheme
     * ({@code localhost:9000}, {@code obs.cn-north-4.myhuaweicloud.com}).
     *
     * @param variable the setting's name, for the error message
     * @param defaultScheme {@code http} or {@code https}, used when the value has no scheme
     * @throws IllegalArgumentException naming {@code variable} when the value is missing or no URL
     */
    public static String url(String value, String variable, String defaultScheme) {
        required(value, variable);
        String url = value.contains("://") ? value : defaultScheme + "://" + value;
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + " is not a URL: " + value, e);
        }
        if (uri.getHost() == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                || !(uri.getPath() == null
                        || uri.getPath().isEmpty()
                        || uri.getPath().equals("/"))) {
            throw new IllegalArgumentException(
                    variable + " must be http(s)://HOST[:PORT] or HOST[:PORT], got " + value);
        }
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /**
     * Returns the value when it is set.
     *
     * @throws IllegalArgumentException "{@code VARIABLE is not set}" when null or blank
     */
    public static String required(String value, String variable) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(variable + " is not set");
        }
        return value;
    }

    /**
     * Returns the bucket name when it follows the S3 / OBS naming rules: 3 to 63 characters of
     * lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.
     *
     * @throws IllegalArgumentException naming {@code variable} and the rule otherwise
     */
    public static String bucket(String value, String variable) {
        required(value, variable);
        if (!value.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") || value.contains("..")) {
            throw new IllegalArgumentException(variable + " '" + value + "' is not a valid bucket name"
                    + " (3-63 lowercase letters, digits, dots and hyphens, starting and ending with a"
                    + " letter or digit)");
        }
        return value;
    }
}
