package com.textloom.backup.recovery.recover;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** What a recovery test reads of the world its test resource set up, through the configuration it handed over. */
final class World {

    private World() {}

    static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }

    /** The API key the service under test requires ({@code BACKUP_API_KEY=it=<key>}). */
    static String apiKey() {
        return config("backup.api-key").substring("it=".length());
    }

    /** A request to the world's backup manager, with the API key it requires. */
    static RequestSpecification manager() {
        return given().baseUri(config("backup.manager-url")).header("X-API-Key", apiKey());
    }

    /** The live database's name. */
    static String database() {
        String url = config("database.url");
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** The private redis-server of the world. */
    static PrivateRedis redis() {
        return PrivateRedis.attach(Integer.parseInt(config("test.redis-port")));
    }
}
