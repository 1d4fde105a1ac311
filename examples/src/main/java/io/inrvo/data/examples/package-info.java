/**
 * The inrvo-data example app: {@code java -jar examples/target/inrvo-examples.jar [demo|migrate|seed|health]}.
 * Its code is written as API documentation: it only uses public API.
 */
package io.inrvo.data.examples;
