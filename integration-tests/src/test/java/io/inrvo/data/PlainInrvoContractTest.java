package io.inrvo.data;

import io.inrvo.data.testing.contract.InrvoContract;

/** The repository contract on the plain {@link Inrvo}: the behaviour every decorator is held to. */
class PlainInrvoContractTest extends InrvoContract {

  @Override
  protected Inrvo decorate(Inrvo plain) {
    return plain;
  }
}
