/** A Spring Boot application on the inrvo-data starter: history pages over HTTP, health, metrics. */
package io.inrvo.data.examples.spring;
