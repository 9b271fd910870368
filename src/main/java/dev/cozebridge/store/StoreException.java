package dev.cozebridge.store;

/** The one unchecked exception out of the JDBC layer. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
