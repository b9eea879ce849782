package com.textloom.backup.support.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a read ({@code GET}) that reveals more than a listing, e.g. a backup's per-table figures: {@link ApiKeyFilter}
 * then asks for the key as it does for {@code POST}/{@code PUT}/{@code PATCH}/{@code DELETE}. On a class, every
 * method of the resource.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresApiKey {}
