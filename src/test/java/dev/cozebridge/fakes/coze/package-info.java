/**
 * A strict, offline fake of the Coze open API (chat streaming, cancel, upload, OAuth JWT token) that every test
 * talking to Coze reuses: {@link dev.cozebridge.fakes.coze.FakeCoze} plus its {@link dev.cozebridge.fakes.coze.Script}
 * builder for answers and faults.
 */
package dev.cozebridge.fakes.coze;
