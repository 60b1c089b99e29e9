package dev.cairn.oci.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.CairnException;
import dev.cairn.oci.Limits;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One page of GET /v2/NAME/tags/list; the Link header names the next page. */
record TagList(String repository, Optional<String> nextPath) implements Endpoint<TagList.Page> {
    private static final Pattern LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    record Page(List<String> tags, Optional<String> next) {
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public URI uri(URI base) {
        // the next-page link is a path on the same registry; only its path and query are used
        return nextPath.map(p -> base.resolve(URI.create(p).getRawPath() + Optional.ofNullable(URI.create(p).getRawQuery()).map(q -> "?" + q).orElse("")))
                .orElseGet(() -> base.resolve(repository + "/tags/list?n=1000"));
    }

    @Override
    public String describe() {
        return "tag list";
    }

    @Override
    public boolean accepts(int status) {
        return status == 200 || status == 404;
    }

    @Override
    public Page handle(HttpResponse<InputStream> response) {
        if (response.statusCode() == 404) {
            return new Page(List.of(), Optional.empty());
        }
        try {
            JsonNode root = new ObjectMapper().readTree(Bodies.read(response, Limits.MAX_SMALL_DOCUMENT_BYTES, describe()));
            List<String> tags = new ArrayList<>();
            for (JsonNode t : root.path("tags")) {
                tags.add(t.asText());
            }
            Optional<String> next = response.headers().firstValue("Link").map(LINK::matcher).filter(Matcher::find).map(m -> m.group(1));
            return new Page(tags, next);
        } catch (IOException e) {
            throw CairnException.invalid(describe() + " is not valid JSON");
        }
    }
}
