package io.inrvo.data.testing.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PgBouncer's admin console over the PostgreSQL wire protocol (simple queries, trust login).
 *
 * <p>pgjdbc cannot be used: after login it sends {@code SET extra_float_digits} to any server that
 * reports a version below 12, and PgBouncer before 1.25 (Debian 12 ships 1.18) rejects that SET on
 * the admin console, failing the connection. The console needs so little of the protocol that
 * speaking it here is smaller than any workaround.
 */
final class AdminConsole {

  private static final int PROTOCOL_3 = 196608;
  private static final int TIMEOUT_MILLIS = 5000;

  private AdminConsole() {}

  /**
   * Runs one command and returns its rows, column name to text value.
   *
   * @throws IOException when PgBouncer does not answer or refuses; the message holds its error
   */
  static List<Map<String, String>> run(String host, int port, String user, String command) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));

      ByteArrayOutputStream startup = new ByteArrayOutputStream();
      writeString(startup, "user");
      writeString(startup, user);
      writeString(startup, "database");
      writeString(startup, "pgbouncer");
      startup.write(0);
      out.writeInt(8 + startup.size());
      out.writeInt(PROTOCOL_3);
      startup.writeTo(out);
      out.flush();
      readUntilReady(in, null);

      byte[] query = (command + "\0").getBytes(StandardCharsets.UTF_8);
      out.writeByte('Q');
      out.writeInt(4 + query.length);
      out.write(query);
      out.flush();
      List<Map<String, String>> rows = new ArrayList<>();
      readUntilReady(in, rows);

      out.writeByte('X');
      out.writeInt(4);
      out.flush();
      return rows;
    }
  }

  /** Reads messages up to ReadyForQuery, collecting rows when asked; an error ends it with its message. */
  private static void readUntilReady(DataInputStream in, List<Map<String, String>> rows) throws IOException {
    List<String> columns = new ArrayList<>();
    String error = null;
    while (true) {
      int type;
      try {
        type = in.readUnsignedByte();
      } catch (EOFException e) {
        // a refused login ends with the error and a closed connection, no ReadyForQuery
        throw error != null ? new IOException(error, e) : e;
      }
      byte[] body = new byte[in.readInt() - 4];
      in.readFully(body);
      DataInputStream message = new DataInputStream(new ByteArrayInputStream(body));
      switch (type) {
        case 'R' -> {
          int code = message.readInt();
          if (code != 0) {
            throw new IOException("PgBouncer asks for authentication method " + code + "; the admin console "
                + "client only speaks trust");
          }
        }
        case 'T' -> {
          columns.clear();
          int count = message.readUnsignedShort();
          for (int i = 0; i < count; i++) {
            columns.add(readString(message));
            message.skipBytes(18); // table oid, column number, type oid, size, modifier, format
          }
        }
        case 'D' -> {
          int count = message.readUnsignedShort();
          Map<String, String> row = new LinkedHashMap<>();
          for (int i = 0; i < count; i++) {
            int length = message.readInt();
            String value = null;
            if (length >= 0) {
              byte[] bytes = new byte[length];
              message.readFully(bytes);
              value = new String(bytes, StandardCharsets.UTF_8);
            }
            row.put(i < columns.size() ? columns.get(i) : "column" + (i + 1), value);
          }
          if (rows != null) {
            rows.add(row);
          }
        }
        case 'E' -> error = errorMessage(message);
        case 'Z' -> {
          if (error != null) {
            throw new IOException(error);
          }
          return;
        }
        default -> {
          // ParameterStatus, BackendKeyData, notices, CommandComplete: nothing to keep
        }
      }
    }
  }

  private static String errorMessage(DataInputStream message) throws IOException {
    String text = "error";
    int field;
    while ((field = message.readUnsignedByte()) != 0) {
      String value = readString(message);
      if (field == 'M') {
        text = value;
      }
    }
    return text;
  }

  private static void writeString(ByteArrayOutputStream out, String value) {
    out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    out.write(0);
  }

  private static String readString(DataInputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int b;
    while ((b = in.readUnsignedByte()) != 0) {
      bytes.write(b);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
