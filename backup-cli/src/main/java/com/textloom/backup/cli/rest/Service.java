package com.textloom.backup.cli.rest;

import com.textloom.backup.config.SuiteVariables;

/**
 * A service of the suite the command line talks to, as messages name it: what it is called and the
 * variable that says where it is; where it is by default is that variable's default in suite-config's
 * catalogue.
 *
 * @param name what messages call it: {@code backup manager}
 * @param variable the variable holding its URL: {@code BACKUP_MANAGER_URL}
 */
public record Service(String name, String variable) {
    /** The backup manager (port 8080): backups, restores, verifies, the catalogue. */
    public static final Service MANAGER = new Service("backup manager", "BACKUP_MANAGER_URL");
    /** The disaster-recovery service (port 8083): assess, recoveries, drills. */
    public static final Service DISASTER_RECOVERY = new Service("disaster-recovery service", "BACKUP_DR_URL");

    /** Its URL when neither {@code --url} nor the variable say otherwise: the catalogue's default. */
    public String defaultUrl() {
        return SuiteVariables.variable(variable).defaultValue();
    }
}
