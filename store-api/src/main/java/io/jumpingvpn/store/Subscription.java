package io.jumpingvpn.store;

/** An open {@link SessionStore#watch}. Closing it stops deliveries to its listener; closing twice does nothing. */
public interface Subscription extends AutoCloseable {

    @Override
    void close();
}
