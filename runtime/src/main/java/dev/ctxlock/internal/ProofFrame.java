package dev.ctxlock.internal;

/**
 * One call that proves several kilobytes of stack below its caller's frame: every {@link
 * StackProof}.
 *
 * <h2>How</h2>
 *
 * <p>Both JIT compilers bang the stack at a compiled method's entry for the larger of its own
 * frame and the interpreted frames it would become if deoptimized there, so that a deoptimization
 * never needs stack that was not proved (HotSpot's {@code bang_size_in_bytes}, for C1 and C2
 * alike); a bang of more than a page touches each page down to that size below the shadow zone.
 * The interpreter checks its own frame, locals included, in the same way at entry. So a method
 * whose interpreted frame is large, here through {@value #LOCAL_SLOTS} slots of locals (about
 * 5 KB on 64-bit JVMs), proves that much stack below the caller's frame in every JIT state, in
 * one call: whatever a release or a window made from that frame later calls, compiled (C2 or
 * C1, whose frames are larger) or interpreted after a deoptimization, within that depth, finds
 * the stack there.
 *
 * <p>The method must be a call wherever it is called: its bytecode (about 1.7 KB, one store per
 * local) is over both compilers' inlining limits ({@code FreqInlineSize}, 325 bytes, for C2's hot
 * call sites; {@code C1MaxInlineSize}, 35) and under {@code HugeMethodLimit} (8,000), past which
 * it would never be compiled. Compiled, its stores are dead and go: what is left is the bang, a
 * test, and the return. The never-taken throw is a deoptimization point, which is what makes the
 * compilers size the bang for the interpreted frame. A JVM told to inline it ({@code
 * -XX:CompileCommand=inline}, or {@code FreqInlineSize} raised past its size) loses the proof.
 */
final class ProofFrame {

  /** The local slots of {@link #bang}: 320 {@code long}s and its parameter. */
  static final int LOCAL_SLOTS = 641;

  private ProofFrame() {}

  /**
   * Returns {@code v} (non-negative) once this frame fitted; else throws {@link
   * StackOverflowError}. The locals are never read: they size the frame (see the class comment).
   */
  @SuppressWarnings("unused")
  static int bang(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("negative: " + v); // a deoptimization point, see above
    }
    long s000 = v, s001 = v, s002 = v, s003 = v, s004 = v, s005 = v, s006 = v, s007 = v;
    long s008 = v, s009 = v, s00a = v, s00b = v, s00c = v, s00d = v, s00e = v, s00f = v;
    long s010 = v, s011 = v, s012 = v, s013 = v, s014 = v, s015 = v, s016 = v, s017 = v;
    long s018 = v, s019 = v, s01a = v, s01b = v, s01c = v, s01d = v, s01e = v, s01f = v;
    long s020 = v, s021 = v, s022 = v, s023 = v, s024 = v, s025 = v, s026 = v, s027 = v;
    long s028 = v, s029 = v, s02a = v, s02b = v, s02c = v, s02d = v, s02e = v, s02f = v;
    long s030 = v, s031 = v, s032 = v, s033 = v, s034 = v, s035 = v, s036 = v, s037 = v;
    long s038 = v, s039 = v, s03a = v, s03b = v, s03c = v, s03d = v, s03e = v, s03f = v;
    long s040 = v, s041 = v, s042 = v, s043 = v, s044 = v, s045 = v, s046 = v, s047 = v;
    long s048 = v, s049 = v, s04a = v, s04b = v, s04c = v, s04d = v, s04e = v, s04f = v;
    long s050 = v, s051 = v, s052 = v, s053 = v, s054 = v, s055 = v, s056 = v, s057 = v;
    long s058 = v, s059 = v, s05a = v, s05b = v, s05c = v, s05d = v, s05e = v, s05f = v;
    long s060 = v, s061 = v, s062 = v, s063 = v, s064 = v, s065 = v, s066 = v, s067 = v;
    long s068 = v, s069 = v, s06a = v, s06b = v, s06c = v, s06d = v, s06e = v, s06f = v;
    long s070 = v, s071 = v, s072 = v, s073 = v, s074 = v, s075 = v, s076 = v, s077 = v;
    long s078 = v, s079 = v, s07a = v, s07b = v, s07c = v, s07d = v, s07e = v, s07f = v;
    long s080 = v, s081 = v, s082 = v, s083 = v, s084 = v, s085 = v, s086 = v, s087 = v;
    long s088 = v, s089 = v, s08a = v, s08b = v, s08c = v, s08d = v, s08e = v, s08f = v;
    long s090 = v, s091 = v, s092 = v, s093 = v, s094 = v, s095 = v, s096 = v, s097 = v;
    long s098 = v, s099 = v, s09a = v, s09b = v, s09c = v, s09d = v, s09e = v, s09f = v;
    long s100 = v, s101 = v, s102 = v, s103 = v, s104 = v, s105 = v, s106 = v, s107 = v;
    long s108 = v, s109 = v, s10a = v, s10b = v, s10c = v, s10d = v, s10e = v, s10f = v;
    long s110 = v, s111 = v, s112 = v, s113 = v, s114 = v, s115 = v, s116 = v, s117 = v;
    long s118 = v, s119 = v, s11a = v, s11b = v, s11c = v, s11d = v, s11e = v, s11f = v;
    long s120 = v, s121 = v, s122 = v, s123 = v, s124 = v, s125 = v, s126 = v, s127 = v;
    long s128 = v, s129 = v, s12a = v, s12b = v, s12c = v, s12d = v, s12e = v, s12f = v;
    long s130 = v, s131 = v, s132 = v, s133 = v, s134 = v, s135 = v, s136 = v, s137 = v;
    long s138 = v, s139 = v, s13a = v, s13b = v, s13c = v, s13d = v, s13e = v, s13f = v;
    long s140 = v, s141 = v, s142 = v, s143 = v, s144 = v, s145 = v, s146 = v, s147 = v;
    long s148 = v, s149 = v, s14a = v, s14b = v, s14c = v, s14d = v, s14e = v, s14f = v;
    long s150 = v, s151 = v, s152 = v, s153 = v, s154 = v, s155 = v, s156 = v, s157 = v;
    long s158 = v, s159 = v, s15a = v, s15b = v, s15c = v, s15d = v, s15e = v, s15f = v;
    long s160 = v, s161 = v, s162 = v, s163 = v, s164 = v, s165 = v, s166 = v, s167 = v;
    long s168 = v, s169 = v, s16a = v, s16b = v, s16c = v, s16d = v, s16e = v, s16f = v;
    long s170 = v, s171 = v, s172 = v, s173 = v, s174 = v, s175 = v, s176 = v, s177 = v;
    long s178 = v, s179 = v, s17a = v, s17b = v, s17c = v, s17d = v, s17e = v, s17f = v;
    long s180 = v, s181 = v, s182 = v, s183 = v, s184 = v, s185 = v, s186 = v, s187 = v;
    long s188 = v, s189 = v, s18a = v, s18b = v, s18c = v, s18d = v, s18e = v, s18f = v;
    long s190 = v, s191 = v, s192 = v, s193 = v, s194 = v, s195 = v, s196 = v, s197 = v;
    long s198 = v, s199 = v, s19a = v, s19b = v, s19c = v, s19d = v, s19e = v, s19f = v;
    return v;
  }
}
