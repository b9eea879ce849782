package com.textloom.backup.manager.ha;

/**
 * Fired (synchronously, once per process) when this manager becomes the one that works: at start-up for
 * {@code BACKUP_MODE=active}, when it wins the election for {@code BACKUP_MODE=standby}. Observers open the state
 * directory (operations, outbox) and resume the work a previous holder left; nothing of the state directory is
 * touched before it, so a standby sharing the active manager's state directory leaves it alone.
 *
 * @param mode {@code active} or {@code standby}: how this manager was started
 */
public record ManagerActivated(String mode) {}
