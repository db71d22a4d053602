package dev.sigil.keystore.pkcs11;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.NativeLongByReference;

/**
 * Finds the slot of a token by its label. The JDK's SunPKCS11 provider is configured with
 * a slot id, which with many HSMs (and SoftHSM) changes when a token is initialised,
 * while operators know the token by its label; SunPKCS11 offers no lookup, so this calls
 * the three PKCS#11 functions it needs through JNA: {@code C_GetSlotList},
 * {@code C_GetTokenInfo} (whose first member is the 32-byte label) and, around them,
 * {@code C_Initialize}/{@code C_Finalize}.
 *
 * @see <a href=
 * "https://docs.oasis-open.org/pkcs11/pkcs11-base/v2.40/os/pkcs11-base-v2.40-os.html#_Toc416959691">PKCS#11
 * v2.40, C_GetTokenInfo</a>
 */
final class TokenSlots {

	private static final long CKR_OK = 0;

	private static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;

	private static final int LABEL_LENGTH = 32;

	/**
	 * CK_TOKEN_INFO is well under this size on every platform; the label is read from its
	 * start.
	 */
	private static final int TOKEN_INFO_SIZE = 1024;

	private TokenSlots() {
	}

	/** The slot of the only present token with this label. */
	static long slotOf(Path library, String label) {
		NativeLibrary module = NativeLibrary.getInstance(library.toAbsolutePath().toString());
		long initialised = call(module, "C_Initialize", (Object) null);
		if (initialised != CKR_OK && initialised != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
			throw new IllegalStateException(
					"SIGIL_PKCS11_LIBRARY " + library + " did not initialise: " + Pkcs11Token.returnValue(initialised));
		}
		try {
			List<Long> matching = new ArrayList<>();
			List<String> labels = new ArrayList<>();
			for (long slot : presentSlots(module)) {
				String found = labelOf(module, slot);
				labels.add(found);
				if (found.equals(label)) {
					matching.add(slot);
				}
			}
			if (matching.size() != 1) {
				throw new IllegalStateException("SIGIL_PKCS11_TOKEN_LABEL '" + label + "' names "
						+ (matching.isEmpty() ? "no" : matching.size()) + " token of " + library + " (tokens present: "
						+ labels + ")");
			}
			return matching.get(0);
		}
		finally {
			// Another user of the module in this process (a SunPKCS11 provider) keeps it
			// initialised.
			if (initialised == CKR_OK) {
				call(module, "C_Finalize", (Object) null);
			}
		}
	}

	private static long[] presentSlots(NativeLibrary module) {
		NativeLongByReference count = new NativeLongByReference();
		require(module, call(module, "C_GetSlotList", (byte) 1, null, count));
		int n = count.getValue().intValue();
		if (n == 0) {
			return new long[0];
		}
		Memory slots = new Memory((long) NativeLong.SIZE * n);
		require(module, call(module, "C_GetSlotList", (byte) 1, slots, count));
		long[] result = new long[count.getValue().intValue()];
		for (int i = 0; i < result.length; i++) {
			result[i] = (NativeLong.SIZE == 8) ? slots.getLong(8L * i) : slots.getInt(4L * i) & 0xffffffffL;
		}
		return result;
	}

	private static String labelOf(NativeLibrary module, long slot) {
		try (Memory info = new Memory(TOKEN_INFO_SIZE)) {
			info.clear();
			require(module, call(module, "C_GetTokenInfo", new NativeLong(slot), info));
			// Blank padded UTF-8, not NUL terminated.
			return new String(info.getByteArray(0, LABEL_LENGTH), StandardCharsets.UTF_8).stripTrailing();
		}
	}

	private static long call(NativeLibrary module, String name, Object... arguments) {
		Function function = module.getFunction(name);
		return function.invokeLong(arguments) & 0xffffffffL;
	}

	private static void require(NativeLibrary module, long returnValue) {
		if (returnValue != CKR_OK) {
			throw new IllegalStateException(
					"The PKCS#11 module " + module.getName() + " answered " + Pkcs11Token.returnValue(returnValue));
		}
	}

}
