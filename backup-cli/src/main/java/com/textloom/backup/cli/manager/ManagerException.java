package com.textloom.backup.cli.manager;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;

/**
 * The manager could not be asked (unreachable) or said no (an HTTP error). The message is meant for
 * the user as it is: it names the manager's URL and, for a refusal, the manager's own reason.
 */
final class ManagerException extends Exception {
  private final int httpStatus;

  private ManagerException(String message, int httpStatus) {
    super(message);
    this.httpStatus = httpStatus;
  }

  /** 0 when the manager was not reached, else the HTTP status it answered. */
  int httpStatus() {
    return httpStatus;
  }

  static ManagerException unreachable(URI url, String reason) {
    return new ManagerException("cannot reach the backup manager at " + url + ": " + reason
        + " (is it running? give its address with --url or BACKUP_MANAGER_URL)", 0);
  }

  static ManagerException refused(URI url, String method, String path, int status, JsonNode body,
      boolean keyGiven) {
    String reason = body.hasNonNull("error") ? body.get("error").asText()
        : body.isTextual() && !body.asText().isBlank() ? firstLine(body.asText()) : "HTTP " + status;
    String hint = "";
    if (status == 401) {
      hint = keyGiven ? " (the API key in BACKUP_API_KEY was refused)"
          : " (the manager requires an API key: set BACKUP_API_KEY)";
    }
    return new ManagerException("the backup manager at " + url + " answered " + status + " to "
        + method + " " + path + ": " + reason + hint, status);
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
