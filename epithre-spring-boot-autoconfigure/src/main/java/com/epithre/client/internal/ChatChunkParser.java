package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.ChatDelta;
import com.epithre.client.chat.ChunkChoice;

/**
 * Reads the JSON of a streamed text chunk straight from the bytes of its event, without a tree, reflection or a
 * parser object per chunk: {@code id}, {@code object}, {@code created}, {@code model}, and {@code choices} of
 * {@code index}, {@code delta} ({@code role}, {@code content}, {@code reasoning_content}) and
 * {@code finish_reason}; any other member is checked and skipped, as {@code @JsonIgnoreProperties(ignoreUnknown)}
 * does. Everything else — {@code tool_calls}, a {@code usage} object, an {@code error} member, escaped member
 * names, repeated members, numbers that are not plain integers, strings that are not valid UTF-8, anything malformed
 * — is left to the JSON codec: {@link #parse} returns {@code null} and the caller reads the event with Jackson, so
 * the outcome (value or error) is always Jackson's. Strings that repeat from chunk to chunk ({@code id},
 * {@code model}, ...) are shared. Not thread-safe: one instance per stream.
 */
public final class ChatChunkParser {

	private static final int MAX_DEPTH = 64;

	private static final int MAX_LONG_DIGITS = 18;

	private static final int MAX_INT_DIGITS = 9;

	private static final byte[] ID = ascii("id");

	private static final byte[] OBJECT = ascii("object");

	private static final byte[] CREATED = ascii("created");

	private static final byte[] MODEL = ascii("model");

	private static final byte[] CHOICES = ascii("choices");

	private static final byte[] USAGE = ascii("usage");

	private static final byte[] ERROR = ascii("error");

	private static final byte[] INDEX = ascii("index");

	private static final byte[] DELTA = ascii("delta");

	private static final byte[] FINISH_REASON = ascii("finish_reason");

	private static final byte[] ROLE = ascii("role");

	private static final byte[] CONTENT = ascii("content");

	private static final byte[] TOOL_CALLS = ascii("tool_calls");

	private static final byte[] REASONING_CONTENT = ascii("reasoning_content");

	private static final byte[] NO_BYTES = new byte[0];

	private static final byte[] NULL = ascii("null");

	private static final byte[] TRUE = ascii("true");

	private static final byte[] FALSE = ascii("false");

	/** Thrown, without a stack trace, when the event is not of the shape read here. */
	private static final Unsupported UNSUPPORTED = new Unsupported();

	private final SharedString id = new SharedString();

	private final SharedString object = new SharedString();

	private final SharedString model = new SharedString();

	private final SharedString role = new SharedString();

	private final SharedString finishReason = new SharedString();

	private @Nullable Long lastLong;

	private byte[] bytes = NO_BYTES;

	private int position;

	private int end;

	/**
	 * Read one chunk.
	 * @param data the event's data
	 * @param offset where the JSON starts
	 * @param length how many bytes it has
	 * @return the chunk, or {@code null} when the event must be read by the JSON codec instead
	 */
	public @Nullable ChatCompletionChunk parse(byte[] data, int offset, int length) {
		this.bytes = data;
		this.position = offset;
		this.end = offset + length;
		try {
			skipWhitespace();
			ChatCompletionChunk chunk = chunk();
			skipWhitespace();
			return (this.position == this.end) ? chunk : null;
		}
		catch (Unsupported ex) {
			return null;
		}
		finally {
			this.bytes = NO_BYTES;
		}
	}

	private ChatCompletionChunk chunk() {
		String id = null;
		String object = null;
		Long created = null;
		String model = null;
		List<ChunkChoice> choices = null;
		int seen = 0;
		expect('{');
		if (!emptyObject()) {
			do {
				int nameStart = name();
				int nameEnd = this.position - 1;
				colon();
				int member = 0;
				if (is(nameStart, nameEnd, ID)) {
					member = 1;
					id = string(this.id);
				}
				else if (is(nameStart, nameEnd, OBJECT)) {
					member = 2;
					object = string(this.object);
				}
				else if (is(nameStart, nameEnd, CREATED)) {
					member = 4;
					created = longOrNull();
				}
				else if (is(nameStart, nameEnd, MODEL)) {
					member = 8;
					model = string(this.model);
				}
				else if (is(nameStart, nameEnd, CHOICES)) {
					member = 16;
					choices = choices();
				}
				else if (is(nameStart, nameEnd, USAGE)) {
					member = 32;
					literalNull(); // a usage object is read by the codec
				}
				else if (is(nameStart, nameEnd, ERROR)) {
					throw UNSUPPORTED; // an error event
				}
				else {
					skipValue(0);
				}
				seen = once(seen, member);
			}
			while (nextMember());
		}
		return new ChatCompletionChunk(id, object, created, model, choices, null);
	}

	private @Nullable List<ChunkChoice> choices() {
		if (peek() == 'n') {
			literalNull();
			return null;
		}
		expect('[');
		skipWhitespace();
		if (peek() == ']') {
			this.position++;
			return List.of();
		}
		ChunkChoice first = choice();
		if (!nextElement()) {
			return List.of(first);
		}
		List<ChunkChoice> choices = new ArrayList<>(4);
		choices.add(first);
		do {
			choices.add(choice());
		}
		while (nextElement());
		return choices;
	}

	private ChunkChoice choice() {
		int index = 0;
		ChatDelta delta = null;
		String finishReason = null;
		int seen = 0;
		expect('{');
		if (!emptyObject()) {
			do {
				int nameStart = name();
				int nameEnd = this.position - 1;
				colon();
				int member = 0;
				if (is(nameStart, nameEnd, INDEX)) {
					member = 1;
					index = integer();
				}
				else if (is(nameStart, nameEnd, DELTA)) {
					member = 2;
					delta = delta();
				}
				else if (is(nameStart, nameEnd, FINISH_REASON)) {
					member = 4;
					finishReason = string(this.finishReason);
				}
				else {
					skipValue(0);
				}
				seen = once(seen, member);
			}
			while (nextMember());
		}
		if ((seen & 1) == 0) {
			throw UNSUPPORTED; // Jackson refuses a missing primitive index (FAIL_ON_NULL_FOR_PRIMITIVES)
		}
		return new ChunkChoice(index, delta, finishReason);
	}

	private @Nullable ChatDelta delta() {
		if (peek() == 'n') {
			literalNull();
			return null;
		}
		String role = null;
		String content = null;
		String reasoning = null;
		int seen = 0;
		expect('{');
		if (!emptyObject()) {
			do {
				int nameStart = name();
				int nameEnd = this.position - 1;
				colon();
				int member = 0;
				if (is(nameStart, nameEnd, CONTENT)) {
					member = 1;
					content = string(null);
				}
				else if (is(nameStart, nameEnd, ROLE)) {
					member = 2;
					role = string(this.role);
				}
				else if (is(nameStart, nameEnd, REASONING_CONTENT)) {
					member = 4;
					reasoning = string(null);
				}
				else if (is(nameStart, nameEnd, TOOL_CALLS)) {
					member = 8;
					literalNull(); // tool calls are read by the codec
				}
				else {
					skipValue(0);
				}
				seen = once(seen, member);
			}
			while (nextMember());
		}
		return new ChatDelta(role, content, null, reasoning);
	}

	/** A member named twice is left to the codec, whose rule for it is its own. */
	private static int once(int seen, int member) {
		if ((seen & member) != 0) {
			throw UNSUPPORTED;
		}
		return seen | member;
	}

	// ---- structure

	/** After an object's {@code {}: whether it is empty (and consumed) or holds members. */
	private boolean emptyObject() {
		skipWhitespace();
		if (peek() == '}') {
			this.position++;
			return true;
		}
		return false;
	}

	/** After a member's value: whether another member follows ({@code ,}) or the object ended ({@code }}). */
	private boolean nextMember() {
		skipWhitespace();
		byte b = next();
		if (b == ',') {
			skipWhitespace();
			return true;
		}
		if (b == '}') {
			return false;
		}
		throw UNSUPPORTED;
	}

	/** After an array element: whether another element follows ({@code ,}) or the array ended ({@code ]}). */
	private boolean nextElement() {
		skipWhitespace();
		byte b = next();
		if (b == ',') {
			skipWhitespace();
			return true;
		}
		if (b == ']') {
			return false;
		}
		throw UNSUPPORTED;
	}

	/**
	 * Read a member name made of plain ASCII without escapes, leaving the position after its closing quote.
	 * @return where the name's characters start
	 */
	private int name() {
		expect('"');
		int start = this.position;
		byte[] bytes = this.bytes;
		for (int i = start; i < this.end; i++) {
			byte b = bytes[i];
			if (b == '"') {
				this.position = i + 1;
				return start;
			}
			if (b == '\\' || b < 0x20) { // escapes and non-ASCII (negative bytes) go to the codec
				throw UNSUPPORTED;
			}
		}
		throw UNSUPPORTED;
	}

	private void colon() {
		skipWhitespace();
		expect(':');
		skipWhitespace();
	}

	private boolean is(int start, int end, byte[] name) {
		if (end - start != name.length) {
			return false;
		}
		byte[] bytes = this.bytes;
		for (int i = 0; i < name.length; i++) {
			if (bytes[start + i] != name[i]) {
				return false;
			}
		}
		return true;
	}

	// ---- values

	/**
	 * Read a string or {@code null}.
	 * @param shared where a plain ASCII value is shared with the previous chunk's, or {@code null} for values that
	 * rarely repeat
	 */
	private @Nullable String string(@Nullable SharedString shared) {
		byte first = peek();
		if (first == 'n') {
			literalNull();
			return null;
		}
		if (first != '"') {
			throw UNSUPPORTED; // Jackson would coerce a number or boolean to a string
		}
		int start = ++this.position;
		byte[] bytes = this.bytes;
		boolean ascii = true;
		for (int i = start; i < this.end; i++) {
			byte b = bytes[i];
			if (b == '"') {
				this.position = i + 1;
				int length = i - start;
				if (length == 0) {
					return "";
				}
				if (!ascii) {
					return utf8(start, i);
				}
				return (shared != null) ? shared.get(bytes, start, length)
						: new String(bytes, start, length, StandardCharsets.ISO_8859_1);
			}
			if (b == '\\') {
				this.position = i;
				return escaped(start);
			}
			if (b < 0x20) {
				if (b >= 0) {
					throw UNSUPPORTED; // a raw control character
				}
				ascii = false;
			}
		}
		throw UNSUPPORTED;
	}

	/** Continue a string at its first backslash. */
	private String escaped(int start) {
		StringBuilder text = new StringBuilder((this.position - start) + 16);
		int segment = start;
		byte[] bytes = this.bytes;
		while (this.position < this.end) {
			byte b = bytes[this.position];
			if (b == '"') {
				appendUtf8(text, segment, this.position);
				this.position++;
				return text.toString();
			}
			if (b == '\\') {
				appendUtf8(text, segment, this.position);
				this.position++;
				text.append(escape());
				segment = this.position;
			}
			else if (b >= 0 && b < 0x20) {
				throw UNSUPPORTED;
			}
			else {
				this.position++;
			}
		}
		throw UNSUPPORTED;
	}

	/** Read the character of an escape, after its backslash. */
	private char escape() {
		byte b = next();
		return switch (b) {
			case '"', '\\', '/' -> (char) b;
			case 'b' -> '\b';
			case 'f' -> '\f';
			case 'n' -> '\n';
			case 'r' -> '\r';
			case 't' -> '\t';
			case 'u' -> (char) ((hex() << 12) | (hex() << 8) | (hex() << 4) | hex());
			default -> throw UNSUPPORTED;
		};
	}

	private int hex() {
		byte b = next();
		if (b >= '0' && b <= '9') {
			return b - '0';
		}
		if (b >= 'a' && b <= 'f') {
			return b - 'a' + 10;
		}
		if (b >= 'A' && b <= 'F') {
			return b - 'A' + 10;
		}
		throw UNSUPPORTED;
	}

	private void appendUtf8(StringBuilder text, int from, int to) {
		if (from < to) {
			text.append(utf8(from, to));
		}
	}

	/**
	 * Decode UTF-8; malformed input (which Jackson refuses) shows as U+FFFD, so any U+FFFD, even a genuine one, goes
	 * to the codec.
	 */
	private String utf8(int from, int to) {
		String text = new String(this.bytes, from, to - from, StandardCharsets.UTF_8);
		if (text.indexOf('\uFFFD') >= 0) {
			throw UNSUPPORTED;
		}
		return text;
	}

	private @Nullable Long longOrNull() {
		if (peek() == 'n') {
			literalNull();
			return null;
		}
		long value = plainInteger(MAX_LONG_DIGITS);
		Long last = this.lastLong;
		if (last == null || last != value) { // created repeats from chunk to chunk
			last = value;
			this.lastLong = last;
		}
		return last;
	}

	private int integer() {
		return (int) plainInteger(MAX_INT_DIGITS);
	}

	/** An integer without fraction or exponent that surely fits; anything else goes to the codec. */
	private long plainInteger(int maxDigits) {
		boolean negative = false;
		if (peek() == '-') {
			negative = true;
			this.position++;
		}
		int start = this.position;
		long value = 0;
		while (this.position < this.end) {
			byte b = this.bytes[this.position];
			if (b < '0' || b > '9') {
				break;
			}
			value = value * 10 + (b - '0');
			this.position++;
		}
		int digits = this.position - start;
		if (digits == 0 || digits > maxDigits || (digits > 1 && this.bytes[start] == '0')) {
			throw UNSUPPORTED;
		}
		if (this.position < this.end) {
			byte after = this.bytes[this.position];
			if (after == '.' || after == 'e' || after == 'E') {
				throw UNSUPPORTED;
			}
		}
		return negative ? -value : value;
	}

	private void literalNull() {
		literal(NULL);
	}

	private void literal(byte[] expected) {
		for (byte b : expected) {
			if (next() != b) {
				throw UNSUPPORTED;
			}
		}
	}

	/** Check and skip any JSON value, as a member this class does not read. */
	private void skipValue(int depth) {
		if (depth > MAX_DEPTH) {
			throw UNSUPPORTED;
		}
		byte b = peek();
		switch (b) {
			case '"' -> string(null);
			case '{' -> {
				this.position++;
				if (!emptyObject()) {
					do {
						name();
						colon();
						skipValue(depth + 1);
					}
					while (nextMember());
				}
			}
			case '[' -> {
				this.position++;
				skipWhitespace();
				if (peek() == ']') {
					this.position++;
					return;
				}
				do {
					skipValue(depth + 1);
				}
				while (nextElement());
			}
			case 'n' -> literalNull();
			case 't' -> literal(TRUE);
			case 'f' -> literal(FALSE);
			default -> skipNumber();
		}
	}

	/** Check and skip a JSON number: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}. */
	private void skipNumber() {
		if (peek() == '-') {
			this.position++;
		}
		byte first = peek();
		if (first == '0') {
			this.position++;
		}
		else if (first >= '1' && first <= '9') {
			digits();
		}
		else {
			throw UNSUPPORTED;
		}
		if (this.position < this.end && this.bytes[this.position] == '.') {
			this.position++;
			digits();
		}
		if (this.position < this.end && (this.bytes[this.position] == 'e' || this.bytes[this.position] == 'E')) {
			this.position++;
			if (peek() == '+' || peek() == '-') {
				this.position++;
			}
			digits();
		}
	}

	/** One or more digits. */
	private void digits() {
		int start = this.position;
		while (this.position < this.end && this.bytes[this.position] >= '0' && this.bytes[this.position] <= '9') {
			this.position++;
		}
		if (this.position == start) {
			throw UNSUPPORTED;
		}
	}

	// ---- bytes

	private void skipWhitespace() {
		byte[] bytes = this.bytes;
		while (this.position < this.end) {
			byte b = bytes[this.position];
			if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
				return;
			}
			this.position++;
		}
	}

	private byte peek() {
		if (this.position >= this.end) {
			throw UNSUPPORTED;
		}
		return this.bytes[this.position];
	}

	private byte next() {
		byte b = peek();
		this.position++;
		return b;
	}

	private void expect(char c) {
		if (next() != c) {
			throw UNSUPPORTED;
		}
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * The last value of a member that tends to repeat, shared while the bytes stay the same.
	 */
	private static final class SharedString {

		private byte[] bytes = NO_BYTES;

		private String value = "";

		String get(byte[] source, int offset, int length) {
			if (length != this.bytes.length || !Arrays.equals(source, offset, offset + length, this.bytes, 0, length)) {
				this.bytes = Arrays.copyOfRange(source, offset, offset + length);
				this.value = new String(this.bytes, StandardCharsets.ISO_8859_1);
			}
			return this.value;
		}

	}

	/**
	 * The event is not of the shape this class reads.
	 */
	private static final class Unsupported extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Unsupported() {
			super("not a plain text chunk", null, false, false);
		}

	}

}
