package dev.coord.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ByteBufferInputTest checks the parts of the DataInput contract the snapshot decoder does not use. */
class ByteBufferInputTest {
    @Test
    @SuppressWarnings("deprecation")
    void shouldReadLinesAsDataInputStreamDoes() throws IOException {
        byte[] bytes = "one\ntwo\r\nthree\rfour".getBytes(StandardCharsets.ISO_8859_1);
        ByteBufferInput input = new ByteBufferInput(ByteBuffer.wrap(bytes));
        DataInputStream stream = new DataInputStream(new ByteArrayInputStream(bytes));
        for (int i = 0; i < 5; i++) {
            assertThat(input.readLine()).isEqualTo(stream.readLine());
        }
        assertThat(input.readLine()).isNull();
    }

    @Test
    void shouldThrowEofPastTheEnd() {
        ByteBufferInput input = new ByteBufferInput(ByteBuffer.wrap(new byte[3]));
        assertThatThrownBy(input::readInt).isInstanceOf(EOFException.class);
    }
}
