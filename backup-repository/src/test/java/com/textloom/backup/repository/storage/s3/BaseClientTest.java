package com.textloom.backup.repository.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.textloom.backup.repository.storage.StoreTimeouts;
import java.net.Socket;
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
    void anHttpEndpointGetsACleartextClientWithTheTimeouts() throws Exception {
        OkHttpClient c = S3BlobStore.baseClient("http://127.0.0.1:9000", StoreTimeouts.DEFAULT)
                .build();
        assertEquals(List.of(ConnectionSpec.CLEARTEXT), c.connectionSpecs());
        assertThrows(IllegalStateException.class, c::sslSocketFactory, "no TLS context was built");
        assertEquals(StoreTimeouts.DEFAULT.connect().toMillis(), c.connectTimeoutMillis());
        assertEquals(StoreTimeouts.DEFAULT.read().toMillis(), c.writeTimeoutMillis());
        assertReadsTimeOutInTheSocket(c, StoreTimeouts.DEFAULT);
    }

    @Test
    void anHttpsEndpointGetsTls() throws Exception {
        OkHttpClient c = S3BlobStore.baseClient("https://obs.example.com", StoreTimeouts.DEFAULT)
                .build();
        assertNotNull(c.sslSocketFactory());
        assertEquals(StoreTimeouts.DEFAULT.connect().toMillis(), c.connectTimeoutMillis());
        assertEquals(StoreTimeouts.DEFAULT.read().toMillis(), c.writeTimeoutMillis());
        assertReadsTimeOutInTheSocket(c, StoreTimeouts.DEFAULT);
    }

    /**
     * Okio's watchdog is off for reads (OkHttp's read timeout 0), and the sockets keep the store's read timeout
     * whatever OkHttp sets: it sets {@code SO_TIMEOUT} to its own read timeout, 0, on every connection.
     */
    private static void assertReadsTimeOutInTheSocket(OkHttpClient c, StoreTimeouts t) throws Exception {
        assertEquals(0, c.readTimeoutMillis());
        try (Socket s = c.socketFactory().createSocket()) {
            assertEquals(t.read().toMillis(), s.getSoTimeout());
            s.setSoTimeout(0);
            assertEquals(t.read().toMillis(), s.getSoTimeout(), "0 does not turn the read timeout off");
            s.setSoTimeout(1500);
            assertEquals(1500, s.getSoTimeout());
        }
    }
}
