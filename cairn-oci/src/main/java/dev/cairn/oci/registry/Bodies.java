package dev.cairn.oci.registry;

import dev.cairn.model.CairnException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;

/** Bounded reads of response bodies: a registry decides their size, so we cap it. */
final class Bodies {
    private Bodies() {
    }

    static byte[] read(HttpResponse<InputStream> response, long max, String what) {
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > max) {
            throw CairnException.invalid(what + " is " + declared + " bytes; the limit is " + max);
        }
        try (InputStream in = response.body()) {
            byte[] data = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
            if (data.length > max) {
                throw CairnException.invalid(what + " is larger than the limit of " + max + " bytes");
            }
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void discard(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            in.skipNBytes(0);
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    /** The first line of a distribution error body ({"errors":[{"code","message"}]}), if any. */
    static String errorSummary(HttpResponse<InputStream> response) {
        try {
            byte[] data;
            try (InputStream in = response.body()) {
                data = in.readNBytes(16 * 1024);
            }
            var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(data);
            if (root != null && root.path("errors").isArray() && !root.path("errors").isEmpty()) {
                var first = root.path("errors").get(0);
                String s = first.path("code").asText("") + " " + first.path("message").asText("");
                s = s.strip().replaceAll("[\\r\\n]+", " ");
                return s.length() > 200 ? s.substring(0, 200) + "…" : s;
            }
        } catch (IOException | RuntimeException ignored) {
            // not a distribution error body; the status says enough
        }
        return "";
    }
}
