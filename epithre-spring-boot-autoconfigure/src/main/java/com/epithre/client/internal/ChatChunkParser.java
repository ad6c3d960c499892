package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

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

	/** Member names of a chunk, each with its closing quote, most frequent first; the index is the member. */
	private static final byte[][] CHUNK_MEMBERS = names("choices", "id", "object", "created", "model", "usage",
			"error");

	private static final int CHOICES = 0;

	private static final int ID = 1;

	private static final int OBJECT = 2;

	private static final int CREATED = 3;

	private static final int MODEL = 4;

	private static final int USAGE = 5;

	private static final int ERROR = 6;

	private static final byte[][] CHOICE_MEMBERS = names("index", "delta", "finish_reason");

	private static final int INDEX = 0;

	private static final int DELTA = 1;

	private static final int FINISH_REASON = 2;

	private static final byte[][] DELTA_MEMBERS = names("content", "role", "reasoning_content", "tool_calls");

	private static final int CONTENT = 0;

	private static final int ROLE = 1;

	private static final int REASONING_CONTENT = 2;

	private static final int TOOL_CALLS = 3;

	private static final int UNKNOWN = -1;

	private static final byte[][] NO_NAMES = {};

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

	/** Where the last string read started and ended (its closing quote), or -1 when it had escapes. */
	private int stringStart = -1;

	private int stringEnd = -1;

	/** Where the delta's content string of the chunk being read lies, and how many content strings it had. */
	private int contentStart = -1;

	private int contentEnd = -1;

	private int contentStrings;

	/** The last chunk whose only content string sat between these bytes, each byte of them the same (see parse). */
	private @Nullable ChatCompletionChunk template;

	private byte[] templatePrefix = NO_BYTES;

	private byte[] templateSuffix = NO_BYTES;

	/**
	 * Read one chunk.
	 * @param data the event's data
	 * @param offset where the JSON starts
	 * @param length how many bytes it has
	 * @return the chunk, or {@code null} when the event must be read by the JSON codec instead
	 */
	public @Nullable ChatCompletionChunk parse(byte[] data, int offset, int length) {
		ChatCompletionChunk templated = fromTemplate(data, offset, length);
		if (templated != null) {
			return templated;
		}
		this.bytes = data;
		this.position = offset;
		this.end = offset + length;
		this.contentStrings = 0;
		try {
			skipWhitespace();
			ChatCompletionChunk chunk = chunk();
			skipWhitespace();
			if (this.position != this.end) {
				return null;
			}
			remember(chunk, data, offset, length);
			return chunk;
		}
		catch (Unsupported ex) {
			return null;
		}
		finally {
			this.bytes = NO_BYTES;
		}
	}

	/**
	 * Read a chunk that differs from the template only in its content: the same bytes before the content string and
	 * after it, and in between a plain ASCII string. Every byte outside the string being the same as in a chunk read
	 * in full, every member but the content reads the same, so the chunk is the template with this content. Text
	 * chunks of one stream repeat their id, object, created, model, index and finish reason, so most of them take
	 * this path.
	 * @return the chunk, or {@code null} when the bytes do not fit the template
	 */
	private @Nullable ChatCompletionChunk fromTemplate(byte[] data, int offset, int length) {
		ChatCompletionChunk template = this.template;
		byte[] prefix = this.templatePrefix;
		byte[] suffix = this.templateSuffix;
		if (template == null || length <= prefix.length + suffix.length) {
			return null;
		}
		int from = offset + prefix.length;
		int to = offset + length - suffix.length;
		if (!Arrays.equals(data, offset, from, prefix, 0, prefix.length)
				|| !Arrays.equals(data, to, offset + length, suffix, 0, suffix.length)) {
			return null;
		}
		for (int i = from; i < to; i++) {
			byte b = data[i];
			if (b < 0x20 || b == '"' || b == '\\') { // control characters, non-ASCII (negative), the string's end
				return null;
			}
		}
		ChunkChoice choice = template.choices().get(0);
		ChatDelta delta = Objects.requireNonNull(choice.delta());
		String content = new String(data, from, to - from, StandardCharsets.ISO_8859_1);
		return new ChatCompletionChunk(template.id(), template.object(), template.created(), template.model(),
				List.of(new ChunkChoice(choice.index(), new ChatDelta(delta.role(), content, null,
						delta.reasoningContent()), choice.finishReason())),
				null);
	}

	/** Keep a chunk read in full as the template when its one choice holds its only content string. */
	private void remember(ChatCompletionChunk chunk, byte[] data, int offset, int length) {
		if (this.contentStrings != 1 || this.contentStart < 0 || chunk.choices().size() != 1
				|| chunk.choices().get(0).delta() == null || chunk.usage() != null) {
			return;
		}
		byte[] prefix = Arrays.copyOfRange(data, offset, this.contentStart);
		byte[] suffix = Arrays.copyOfRange(data, this.contentEnd, offset + length);
		if (this.template == null || !Arrays.equals(prefix, this.templatePrefix)
				|| !Arrays.equals(suffix, this.templateSuffix)) {
			this.templatePrefix = prefix;
			this.templateSuffix = suffix;
		}
		this.template = chunk;
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
				int member = member(CHUNK_MEMBERS);
				colon();
				seen = once(seen, member);
				switch (member) {
					case CHOICES -> choices = choices();
					case ID -> id = string(this.id);
					case OBJECT -> object = string(this.object);
					case CREATED -> created = longOrNull();
					case MODEL -> model = string(this.model);
					case USAGE -> literalNull(); // a usage object is read by the codec
					case ERROR -> throw UNSUPPORTED; // an error event
					default -> skipValue(0);
				}
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
				int member = member(CHOICE_MEMBERS);
				colon();
				seen = once(seen, member);
				switch (member) {
					case INDEX -> index = integer();
					case DELTA -> delta = delta();
					case FINISH_REASON -> finishReason = string(this.finishReason);
					default -> skipValue(0);
				}
			}
			while (nextMember());
		}
		if ((seen & (1 << INDEX)) == 0) {
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
				int member = member(DELTA_MEMBERS);
				colon();
				seen = once(seen, member);
				switch (member) {
					case CONTENT -> {
						content = string(null);
						this.contentStrings++;
						this.contentStart = this.stringStart;
						this.contentEnd = this.stringEnd;
					}
					case ROLE -> role = string(this.role);
					case REASONING_CONTENT -> reasoning = string(null);
					case TOOL_CALLS -> literalNull(); // tool calls are read by the codec
					default -> skipValue(0);
				}
			}
			while (nextMember());
		}
		return new ChatDelta(role, content, null, reasoning);
	}

	/** A member named twice is left to the codec, whose rule for it is its own. */
	private static int once(int seen, int member) {
		if (member == UNKNOWN) {
			return seen;
		}
		int bit = 1 << member;
		if ((seen & bit) != 0) {
			throw UNSUPPORTED;
		}
		return seen | bit;
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
	 * Read a member name, leaving the position after its closing quote.
	 * @param names the names this object reads, each with its closing quote
	 * @return the index of the name among {@code names}, or {@link #UNKNOWN} for another plain ASCII name
	 */
	private int member(byte[][] names) {
		expect('"');
		int start = this.position;
		byte[] bytes = this.bytes;
		for (int n = 0; n < names.length; n++) {
			byte[] name = names[n];
			if (start + name.length <= this.end && Arrays.equals(bytes, start, start + name.length, name, 0,
					name.length)) {
				this.position = start + name.length;
				return n;
			}
		}
		for (int i = start; i < this.end; i++) {
			byte b = bytes[i];
			if (b == '"') {
				this.position = i + 1;
				return UNKNOWN;
			}
			if (b == '\\' || b < 0x20) { // escapes (which may spell a known name) and non-ASCII go to the codec
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

	// ---- values

	/**
	 * Read a string or {@code null}.
	 * @param shared where a plain ASCII value is shared with the previous chunk's, or {@code null} for values that
	 * rarely repeat
	 */
	private @Nullable String string(@Nullable SharedString shared) {
		this.stringStart = -1;
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
				this.stringStart = start;
				this.stringEnd = i;
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
						member(NO_NAMES);
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

	private static byte[][] names(String... names) {
		byte[][] quoted = new byte[names.length][];
		for (int i = 0; i < names.length; i++) {
			quoted[i] = ascii(names[i] + "\"");
		}
		return quoted;
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
