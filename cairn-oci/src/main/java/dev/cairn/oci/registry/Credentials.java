package dev.cairn.oci.registry;

import java.util.Objects;

/** What we present to a registry. The password never appears in toString. */
public sealed interface Credentials {
    record Anonymous() implements Credentials {
    }

    record Basic(String username, String password) implements Credentials {
        public Basic {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        public String header() {
            return "Basic " + java.util.Base64.getEncoder().encodeToString((username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Basic[" + username + "]";
        }
    }

    static Credentials anonymous() {
        return new Anonymous();
    }
}
