package com.textloom.backup.cli;

/** The exit codes of {@code textloom-backup}, as documented in {@code --help} and the README. */
public final class ExitCodes {
  /** The command did what was asked; verify found no damage. */
  public static final int OK = 0;
  /**
   * The command could not run: bad input, repository or backend unreachable, wrong key, repository
   * locked by another process, lost lock, disk full.
   */
  public static final int FAILED = 1;
  /** {@code repo verify} ran to the end and found damaged or missing data. */
  public static final int DAMAGE_FOUND = 3;

  private ExitCodes() {}
}
