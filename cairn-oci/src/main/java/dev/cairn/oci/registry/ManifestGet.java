package dev.cairn.oci.registry;

import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;
import dev.cairn.model.ManifestBlob;
import dev.cairn.model.MediaTypes;
import dev.cairn.oci.Limits;
import dev.cairn.oci.ManifestCodec;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

/**
 * GET /v2/NAME/manifests/REF. The bytes are checked against the digest we asked for, or (for a
 * tag) against Docker-Content-Digest, so a registry or proxy cannot hand us other content.
 */
record ManifestGet(String repository, String reference) implements Endpoint<Optional<ManifestBlob>> {
    static final List<String> ACCEPT = List.of(MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public URI uri(URI base) {
        return base.resolve(repository + "/manifests/" + reference);
    }

    @Override
    public List<String> accept() {
        return ACCEPT;
    }

    @Override
    public String describe() {
        return "manifest " + Names.shortRef(reference);
    }

    @Override
    public boolean accepts(int status) {
        return status == 200 || status == 404;
    }

    @Override
    public Optional<ManifestBlob> handle(HttpResponse<InputStream> response) {
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        byte[] bytes = Bodies.read(response, Limits.MAX_MANIFEST_BYTES, describe());
        Digest actual = Digest.sha256(bytes);
        if (reference.contains(":")) {
            Digest asked = Digest.parse(reference);
            if (!asked.matches(bytes)) {
                throw CairnException.invalid(describe() + ": the registry answered content with digest " + actual + "; refused");
            }
            actual = asked;
        } else {
            Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
            if (header.isPresent() && !Digest.parse(header.get().strip()).matches(bytes)) {
                throw CairnException.invalid(describe() + ": content digest " + actual + " does not match Docker-Content-Digest " + header.get() + "; refused");
            }
        }
        String contentType = response.headers().firstValue("Content-Type").map(ct -> ct.split(";")[0].strip()).orElse("");
        String mediaType = ACCEPT.contains(contentType) ? contentType : ManifestCodec.detectMediaType(bytes, reference);
        return Optional.of(new ManifestBlob(bytes, mediaType, actual));
    }
}
