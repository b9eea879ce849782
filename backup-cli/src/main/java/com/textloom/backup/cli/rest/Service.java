package com.textloom.backup.cli.rest;

/**
 * A service of the suite the command line talks to, as messages name it: what it is called, the
 * variable that says where it is, and where it is by default.
 *
 * @param name what messages call it: {@code backup manager}
 * @param variable the variable holding its URL: {@code BACKUP_MANAGER_URL}
 * @param defaultUrl its URL when neither {@code --url} nor the variable say otherwise
 */
public record Service(String name, String variable, String defaultUrl) {
  /** The backup manager (port 8080): backups, restores, verifies, the catalogue. */
  public static final Service MANAGER =
      new Service("backup manager", "BACKUP_MANAGER_URL", "http://localhost:8080");
  /** The disaster-recovery service (port 8083): assess, recoveries, drills. */
  public static final Service DISASTER_RECOVERY =
      new Service("disaster-recovery service", "BACKUP_DR_URL", "http://localhost:8083");
}
