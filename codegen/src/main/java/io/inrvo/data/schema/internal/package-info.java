/** Implementation details of the schema module; not API, may change without notice. */
package io.inrvo.data.schema.internal;
