package dev.coord.admin;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonWriterTest {
    @Test
    void shouldEscapeStringsSoAnyTextRoundTrips() {
        String nasty = "q\"b\\s/\n\r\t\b\f\u0001\u001f\u2028\u2029 \u00e9 \ud83d\ude00 </script>";
        String json = new JsonWriter().beginObject().field(nasty, nasty).endObject().toString();
        assertThat(json).doesNotContain("\u2028").doesNotContain("\n");
        assertThat(MiniJson.object(json)).isEqualTo(Map.of(nasty, nasty));
    }

    @Test
    void shouldPlaceCommasInNestedContainers() {
        JsonWriter w = new JsonWriter().beginObject().field("a", 1).name("b").beginArray();
        w.value("x").beginObject().endObject().beginArray().endArray().nullValue().value(true).value(2.5);
        String json = w.endArray().field("c", false).field("d", Double.NaN).name("e").value((String) null).endObject().toString();
        assertThat(json).isEqualTo("{\"a\":1,\"b\":[\"x\",{},[],null,true,2.5],\"c\":false,\"d\":null,\"e\":null}");
        assertThat(MiniJson.object(json).get("b")).isEqualTo(java.util.Arrays.asList("x", Map.of(), List.of(), null, true, 2.5));
    }
}
