package io.thalamus.support.net;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UrlGuardTest {

    private final UrlGuard strict = new UrlGuard(List.of(), false);

    @Test
    void refusesMetadataLoopbackLinkLocalAndOtherSchemes() {
        assertRefused(strict, "http://169.254.169.254/latest/meta-data", "metadata");
        assertRefused(strict, "http://127.0.0.1:8080/", "loopback");
        assertRefused(strict, "http://localhost/", "loopback");
        assertRefused(strict, "http://[::1]/", "loopback");
        assertRefused(strict, "http://169.254.10.1/", "link-local");
        assertRefused(strict, "http://0.0.0.0/", "unspecified");
        assertRefused(strict, "file:///etc/passwd", "scheme");
        assertRefused(strict, "gopher://example.org/", "scheme");
        assertRefused(strict, "http://user:pw@10.0.0.1/", "credentials");
    }

    @Test
    void privateNetworksDependOnThePolicy() throws Exception {
        assertRefused(strict, "http://10.1.2.3/", "private");
        assertRefused(strict, "http://192.168.0.7/", "private");
        assertRefused(strict, "http://[fd12::1]/", "private");
        assertThat(new UrlGuard(List.of(), true).check(URI.create("http://10.1.2.3:9000/"))).isNotEmpty();
    }

    @Test
    void allowListReadmitsHostsAndBlocksButNeverMetadataByAccident() throws Exception {
        UrlGuard local = new UrlGuard(List.of("127.0.0.0/8", "localhost"), true);

        assertThatCode(() -> local.check(URI.create("http://127.0.0.1:8082"))).doesNotThrowAnyException();
        assertThatCode(() -> local.check(URI.create("http://localhost:8082"))).doesNotThrowAnyException();
        assertRefused(local, "http://169.254.169.254/", "metadata");
    }

    @Test
    void publicAddressesPass() throws Exception {
        assertThat(strict.check(URI.create("https://93.184.216.34/image.png"))).hasSize(1);
    }

    private static void assertRefused(UrlGuard guard, String url, String reason) {
        assertThatThrownBy(() -> guard.check(URI.create(url)))
                .isInstanceOf(UnsafeUrlException.class)
                .hasMessageContaining(reason);
    }
}
