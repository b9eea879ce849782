package com.textloom.backup.support.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The object mapper Quarkus REST reads a {@link JsonRequest} body with: the service's mapper ({@link SnakeCaseJson})
 * made strict ({@link #strict(ObjectMapper)}). Every other type, and every answer, uses the service's mapper as is.
 */
@Provider
public class StrictRequestJson implements ContextResolver<ObjectMapper> {
    private final ObjectMapper strict;

    @Inject
    public StrictRequestJson(ObjectMapper mapper) {
        this.strict = strict(mapper.copy());
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return type != null && type.isAnnotationPresent(JsonRequest.class) ? strict : null;
    }

    /**
     * Makes {@code mapper} refuse, instead of coercing or ignoring: unknown properties, a string, float or boolean
     * where a whole number goes, a number or boolean where a string goes, a number or string where a boolean goes,
     * an empty string for a number or boolean, {@code null} for a primitive, a number for an enum, duplicated keys
     * and anything after the document. Returns {@code mapper}.
     */
    @SuppressWarnings("deprecation")
    public static ObjectMapper strict(ObjectMapper mapper) {
        mapper.enable(
                DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        for (LogicalType scalar : new LogicalType[] {
            LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.Textual, LogicalType.Enum
        }) {
            mapper.coercionConfigFor(scalar)
                    .setCoercion(
                            CoercionInputShape.String,
                            scalar == LogicalType.Textual || scalar == LogicalType.Enum
                                    ? CoercionAction.TryConvert
                                    : CoercionAction.Fail)
                    .setCoercion(
                            CoercionInputShape.EmptyString,
                            scalar == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(
                            CoercionInputShape.Integer,
                            scalar == LogicalType.Integer || scalar == LogicalType.Float
                                    ? CoercionAction.TryConvert
                                    : CoercionAction.Fail)
                    .setCoercion(
                            CoercionInputShape.Float,
                            scalar == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(
                            CoercionInputShape.Boolean,
                            scalar == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        return mapper;
    }
}
