#ifndef KHO_PIXELS_H
#define KHO_PIXELS_H

// libvips, loaded only when pixels are needed (dlopen): linked into kho, libvips and the ~80
// libraries it brings (poppler, cairo, librsvg, OpenEXR, HDF5 …) cost every command ~30 ms of
// relocation before main — `kho search` paid for decoders it never calls. Used by KhoMedia's
// ImagePixels only.

/// Loads and starts libvips once (call under a lock): 0, or -1 with the reason in `err`.
/// One worker thread per image (kho decodes images in parallel already), no operation cache,
/// untrusted loaders blocked, no run-time code generation (liborc: it can spin where no
/// timeout reaches, and needs an executable mapping in $TMPDIR that hardened servers refuse).
int kho_pixels_start(char *err, int errlen);

/// 1 when libvips would generate code at run time (liborc); kho starts it with that off.
int kho_pixels_codegen(void);

/// The picture at `path` as 8-bit grey pixels (`out` holds side*side bytes): header read first,
/// refused (2) when width*height exceeds `max_pixels`; then decoded with shrink-on-load, turned
/// upright by its EXIF orientation, grey — squeezed to the `side`×`side` square, or with `fit`
/// fitted inside it, its shape kept and never enlarged. `columns`/`rows` are the pixels written;
/// `width`/`height` are the stored (header) dimensions. Returns 0, or 1 unreadable header,
/// 2 too large, 3 decoding failed or took longer than `timeout` seconds (message in `err`).
/// `strict`: stop at the first warning (damaged data), so the caller can tell and say so.
/// `square_side` > 0: also the pixels squeezed to that square from the same decode, into
/// `square_out` (square_side*square_side bytes).
int kho_pixels_grey(const char *path, int side, int fit, int square_side, long long max_pixels, double timeout, int strict,
                    unsigned char *out, int *columns, int *rows, unsigned char *square_out,
                    int *width, int *height, int *orientation, char *err, int errlen);

/// Previews of the picture at `path` as WebP: the large one fitted in `large_side`×`large_side`, the
/// small one in `small_side`×`small_side` (shape kept, never enlarged, EXIF orientation applied,
/// metadata stripped), from one decode. Returns 0 with both buffers set (free each with
/// kho_pixels_free), or 1 unreadable, 2 larger than `max_pixels`, 3 failed or took longer than
/// `timeout` seconds (message in `err`).
#include <stddef.h>
int kho_pixels_previews(const char *path, int large_side, int small_side, long long max_pixels, double timeout,
                        void **large, size_t *large_size, void **small, size_t *small_size, char *err, int errlen);
void kho_pixels_free(void *memory);

#endif
