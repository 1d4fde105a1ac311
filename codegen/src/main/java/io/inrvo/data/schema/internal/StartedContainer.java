package io.inrvo.data.schema.internal;

/**
 * A running PostgreSQL container's coordinates.
 *
 * @param url its JDBC URL
 * @param user the user to log in as
 * @param password that user's password
 */
public record StartedContainer(String url, String user, String password) {}
