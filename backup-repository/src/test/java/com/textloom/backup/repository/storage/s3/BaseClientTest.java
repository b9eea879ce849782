package com.textloom.backup.repository.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.textloom.backup.repository.storage.StoreTimeouts;
import java.util.List;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * An {@code http} endpoint gets a cleartext-only client (no trust store loaded, no CA bundle parsed, no TLS
 * context built at every start), an {@code https} one MinIO's, with TLS; both with the store's timeouts.
 */
class BaseClientTest {
    @Test
    void anHttpEndpointGetsACleartextClientWithTheTimeouts() {
        OkHttpClient c = S3BlobStore.baseClient("http://127.0.0.1:9000", StoreTimeouts.DEFAULT)
                .build();
        assertEquals(List.of(ConnectionSpec.CLEARTEXT), c.connectionSpecs());
        assertThrows(IllegalStateException.class, c::sslSocketFactory, "no TLS context was built");
        assertEquals(StoreTimeouts.DEFAULT.connect().toMillis(), c.connectTimeoutMillis());
        assertEquals(StoreTimeouts.DEFAULT.read().toMillis(), c.readTimeoutMillis());
        assertEquals(StoreTimeouts.DEFAULT.read().toMillis(), c.writeTimeoutMillis());
    }

    @Test
    void anHttpsEndpointGetsTls() {
        OkHttpClient c = S3BlobStore.baseClient("https://obs.example.com", StoreTimeouts.DEFAULT)
                .build();
        assertNotNull(c.sslSocketFactory());
        assertEquals(StoreTimeouts.DEFAULT.connect().toMillis(), c.connectTimeoutMillis());
        assertEquals(StoreTimeouts.DEFAULT.read().toMillis(), c.readTimeoutMillis());
    }
}
