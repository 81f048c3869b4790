// The blocking of the matrix products and the layout of their scratch, in one place: the tile of
// the micro-kernel (MR × NR), the slices of k, rows and columns a product is packed in (KC, MC, NC),
// when b is read in place and when a product is small, and the scratch of a product over op(A)'s
// non-zero values (asm/sparse.ts). asm/matmul.ts and asm/sparse.ts both read them from here.

// Note [tile rows]: V8 gives wasm 15 vector registers on x64 (the 16th is its scratch). The relaxed
// build's tile, 6 rows × 2 vectors, holds 12 accumulators + 2 of B + 1 of A, and each step's 12 fused
// multiply-adds cover the FMA latency (4 cycles × 2 pipes) with room to spare; the plain build's
// multiply then add needs one more register for the product, so it takes 5 rows (6 spill). Each
// build's rows are the fastest of 4, 5 and 6 measured (bench/notes.md, Note [tile rows]). MC is a
// multiple of 4, 5 and 6.
export const MR = ASC_FEATURE_RELAXED_SIMD ? 6 : 5;
export const NR = 8;
// KC: each KC slice of k after the first adds the tile to out (a load and a store of every value of
// out, which a large out, 16 MiB at 2048², takes from memory), so fewer, deeper slices do less of
// that; a tile's B panel (8 × KC floats, 16 KiB) and A panel (MR × KC, 12 KiB relaxed) still fit
// L1 together. 512 was faster than 256 and as fast as 768; MC and NC moved nothing beyond the
// noise either way (bench/notes.md, KC).
export const KC = 512;
export const MC = 120;
export const NC = 1024;
/**
 * The most values of a b read in place rather than packed (Note [B in place]): 256 KiB, so that it
 * and a packed A block (MC × KC, 240 KiB) fit a 512 KiB L2 together.
 */
export const DIRECT_B = 65536;
/** Rows of a block up to which any untransposed b is read in place (Note [B in place]): 16 tiles. */
export const DIRECT_ROWS = 16 * MR;

/** Multiply-adds below which a product is not packed (Note [small products] in asm/small.ts). */
export const SMALL_WORK = 4096;

/** Rows paired at a time (Note [pairing rows] in asm/sparse-pairs.ts), their masks in the scratch. */
export const PAIR_CHUNK = 128;
/** Bits in a row's mask of non-zero values, and its bytes. */
export const MASK_BITS = 1024;
export const MASK_BYTES = MASK_BITS >> 3;
/** Pairs of rows whose lists are made before their columns are summed (Note [pairs by columns] in asm/sparse.ts). */
export const LIST_PAIRS = 16;
/** Bytes of one pair's list: up to KC entries of 12 bytes. */
export const LIST_BYTES = 12 * KC;
// Scratch of a product over non-zero values, in bytes from its start: LIST_PAIRS lists, then a
// chunk's masks, keys (i32) and order (i32), then the lists' ends (u32)
export const MASKS_AT = LIST_PAIRS * LIST_BYTES;
export const KEYS_AT = MASKS_AT + PAIR_CHUNK * MASK_BYTES;
export const ORDER_AT = KEYS_AT + PAIR_CHUNK * 4;
export const ENDS_AT = ORDER_AT + PAIR_CHUNK * 4;
/** Bytes of scratch a product over non-zero values uses: its lists, the chunk's masks, keys and order, the lists' ends. */
export const SPARSE_SCRATCH_BYTES: i32 = ENDS_AT + LIST_PAIRS * 4;
/** Where in the scratch a product over non-zero values copies b in panels, after its own (Note [b in panels] in asm/sparse.ts). */
export const COPY_AT: i32 = SPARSE_SCRATCH_BYTES;
/** Rows of a block from which a product over non-zero values copies b (Note [b in panels] in asm/sparse.ts): a chunk. */
export const COPY_ROWS = PAIR_CHUNK;

/** Rows of the micro-kernel's tile: a block of rows given to one thread is best a multiple of it. */
export function matmulTileRows(): i32 {
  return MR;
}

/**
 * Bytes of scratch one matmul call needs (packed A, packed B, one spilled tile), or a product over
 * op(A)'s non-zero values (its lists and masks, asm/sparse.ts), whichever is more.
 */
export function matmulScratchBytes(): i32 {
  return max((MC * KC + KC * NC + MR * NR) * 4, SPARSE_SCRATCH_BYTES);
}
