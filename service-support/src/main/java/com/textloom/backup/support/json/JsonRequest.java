package com.textloom.backup.support.json;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a REST request body type (a record with Bean Validation annotations) to be read strictly
 * ({@link StrictRequestJson}): an unknown field, a value of the wrong JSON type ({@code "7"} or {@code 7.5} for a
 * whole number, {@code 1} for a boolean, {@code 42} for a string), a duplicated key or anything after the document is
 * a 400 naming the field, instead of being coerced or ignored. No body, an empty one and the literal {@code null}
 * reach the resource as {@code null}: the endpoint's defaults.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface JsonRequest {}
