package io.inrvo.data.internal;

import java.util.List;
import org.jooq.DataType;

/**
 * A database function that one of the library's fixed statements calls by name rather than through
 * the generated model (which covers schema {@code public} only). It is declared beside the
 * statement that calls it, the statement writes its name from here, and the startup check ({@code
 * ExpectedSchema}) expects it from here: one declaration for both.
 *
 * @param schema the function's schema
 * @param name the function's name
 * @param parameters the types of its parameters, in order
 * @param returns the type it returns
 */
record CalledRoutine(String schema, String name, List<DataType<?>> parameters, DataType<?> returns) {

  CalledRoutine {
    parameters = List.copyOf(parameters);
  }

  /** {@code schema.name}, as the statement writes it. */
  String qualifiedName() {
    return schema + "." + name;
  }
}
