/** The command line ({@code Main}) and all wiring by hand in one place ({@code App}). */
package dev.cozebridge.app;
