/** Admin lists and analytics; every call is checked by the database's {@code is_admin()}. */
package io.inrvo.data.admin;
