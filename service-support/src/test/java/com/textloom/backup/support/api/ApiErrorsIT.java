package com.textloom.backup.support.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.textloom.backup.testservers.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one exception mapper ({@link ApiExceptionMappers}) in the test application: each kind of failure a service's
 * REST API meets becomes its status and the one {@link ErrorResponse} body ({@code error}, {@code message},
 * {@code field} only where one field is at fault).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ApiErrorsIT {
    private static final String KEY = "test-key-for-ops";

    private static ValidatableResponse post(String body) {
        return given().header("X-API-Key", KEY)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/test/errors/orders")
                .then();
    }

    private static void refused(ValidatableResponse answer, int status, String error, String field, String message) {
        answer.statusCode(status)
                .contentType(ContentType.JSON)
                .body("error", equalTo(error))
                .body("message", startsWith(message));
        if (field == null) {
            answer.body("$", not(hasKey("field")));
        } else {
            answer.body("field", equalTo(field));
        }
    }

    @Test
    void anApiExceptionIsItsStatusCodeMessageAndField() {
        refused(
                given().get("/test/errors/refusal?status=409&code=conflict").then(),
                409,
                "conflict",
                null,
                "refused as asked");
        refused(
                given().get("/test/errors/refusal?status=400&code=bad_request&field=size")
                        .then(),
                400,
                "bad_request",
                "size",
                "refused as asked");
        refused(given().get("/test/errors/refusal?status=503").then(), 503, "unavailable", null, "refused as asked");
        refused(
                given().get("/test/errors/refusal?status=400&code=no_backup").then(),
                400,
                "no_backup",
                null,
                "refused as asked");
    }

    @Test
    void aBeanValidationViolationNamesTheFieldInSnakeCase() {
        refused(
                post("{\"item_count\":-1}"),
                400,
                "bad_request",
                "item_count",
                "item_count: must be a non-negative integer");
        refused(post("{\"size\":\"huge\"}"), 400, "bad_request", "size", "size: must be small or large");
        refused(post("{\"tags\":[\"a\",null]}"), 400, "bad_request", "tags", "tags: must be a list of strings");
        refused(
                given().get("/test/errors/page?limit=0").then(),
                400,
                "bad_request",
                "limit",
                "limit: must be between 1 and 10");
        // two fields at fault: both in the message, no single field
        refused(
                post("{\"item_count\":-1,\"size\":\"huge\"}"),
                400,
                "bad_request",
                null,
                "item_count: must be a non-negative integer; size: must be small or large");
    }

    @Test
    void anUnknownFieldOrAWrongJsonTypeNamesTheField() {
        refused(
                post("{\"colour\":\"red\"}"),
                400,
                "bad_request",
                "colour",
                "colour: unknown field (known: gift, item_count, size, tags)");
        refused(post("{\"item_count\":\"7\"}"), 400, "bad_request", "item_count", "item_count: must be a whole number");
        refused(post("{\"item_count\":7.5}"), 400, "bad_request", "item_count", "item_count: must be a whole number");
        refused(post("{\"item_count\":true}"), 400, "bad_request", "item_count", "item_count: must be a whole number");
        refused(post("{\"item_count\":1" + "0".repeat(30) + "}"), 400, "bad_request", "item_count", "item_count: ");
        refused(post("{\"gift\":1}"), 400, "bad_request", "gift", "gift: must be true or false");
        refused(post("{\"gift\":\"true\"}"), 400, "bad_request", "gift", "gift: must be true or false");
        refused(post("{\"gift\":\"\"}"), 400, "bad_request", "gift", "gift: must be true or false");
        refused(post("{\"size\":42}"), 400, "bad_request", "size", "size: must be a string");
        refused(post("{\"size\":[\"small\"]}"), 400, "bad_request", "size", "size: must be a string");
        refused(post("{\"tags\":[1]}"), 400, "bad_request", "tags", "tags: must be a string");
        refused(post("{\"tags\":\"a\"}"), 400, "bad_request", "tags", "tags: must be a list");
        refused(
                post("{\"size\":\"small\",\"size\":\"large\"}"),
                400,
                "bad_request",
                null,
                "the body is not valid JSON");
    }

    @Test
    void aBodyThatIsNotOneJsonObjectNamesNoField() {
        refused(post("{\"size\":"), 400, "bad_request", null, "the body is not valid JSON");
        refused(
                post("{\"size\":\"small\"}}{\"size\":\"large\"}"),
                400,
                "bad_request",
                null,
                "the body is not valid JSON");
        refused(
                post("{\"size\":\"small\"} {\"size\":\"large\"}"),
                400,
                "bad_request",
                null,
                "the body must be one JSON document: something follows it");
        refused(post("{'size':'small'}"), 400, "bad_request", null, "the body is not valid JSON");
        refused(post("{\"item_count\":NaN}"), 400, "bad_request", null, "the body is not valid JSON");
        refused(post("{\"tags\":" + "[".repeat(3000)), 400, "bad_request", "tags", "tags: must be a string");
        refused(post("[{}]"), 400, "bad_request", null, "the body must be one JSON object");
        refused(post("42"), 400, "bad_request", null, "the body must be one JSON object");
    }

    @Test
    void noBodyAnEmptyOneNullAndAnEmptyObjectAreTheDefaultsOrEmpty() {
        for (String body : new String[] {"", "null", " "}) {
            post(body).statusCode(200).body("size", equalTo("small")).body("item_count", equalTo(1));
        }
        given().header("X-API-Key", KEY)
                .contentType(ContentType.JSON)
                .post("/test/errors/orders")
                .then()
                .statusCode(200)
                .body("size", equalTo("small"));
        post("{}").statusCode(200).body("size", nullValue()).body("item_count", nullValue());
        post("{\"item_count\":3,\"gift\":true,\"tags\":[\"x\"]}")
                .statusCode(200)
                .body("item_count", equalTo(3));
        // a camelCase spelling is an unknown field unless the record accepts it with @JsonAlias
        refused(post("{\"itemCount\":3}"), 400, "bad_request", "itemCount", "itemCount: unknown field");
    }

    @Test
    void theFrameworksRefusalsHaveTheSameBody() {
        refused(
                given().get("/test/errors/nothing-here").then(),
                404,
                "not_found",
                null,
                "nothing at GET /test/errors/nothing-here");
        given().header("X-API-Key", KEY)
                .contentType(ContentType.JSON)
                .body("{}")
                .put("/test/errors/orders")
                .then()
                .statusCode(405)
                .body("error", equalTo("method_not_allowed"))
                .body("message", containsString("PUT"))
                .body("$", not(hasKey("field")));
        refused(
                given().header("X-API-Key", KEY)
                        .contentType(ContentType.TEXT)
                        .body("size=small")
                        .post("/test/errors/orders")
                        .then(),
                415,
                "unsupported_media_type",
                null,
                "POST /test/errors/orders does not take");
        byte[] big = new byte[128 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        given().header("X-API-Key", KEY)
                .contentType(ContentType.JSON)
                .body(big)
                .post("/test/errors/orders")
                .then()
                .statusCode(
                        413); // answered by Vert.x before any resource or mapper runs: no body (service-support README)
    }

    @Test
    void aBugIsA500WithoutItsText() {
        refused(
                given().get("/test/errors/bug").then(),
                500,
                "internal",
                null,
                "GET /test/errors/bug failed inside the service");
        given().get("/test/errors/bug").then().body("message", not(containsString("secret")));
    }

    @Test
    void theAuthenticationFiltersRefusalHasTheSameBody() {
        refused(
                given().contentType(ContentType.JSON)
                        .body(Map.of())
                        .post("/test/errors/orders")
                        .then(),
                401,
                "unauthorized",
                null,
                "a valid X-API-Key header is required for POST requests");
    }
}
