#include "CKhoPixels.h"
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// libvips' and GLib's types, as pointers and ints: kho does not build against their headers.
// The enum values are libvips 8's (checked against vips/*.h 8.14; stable across 8.x).
typedef void VipsImage;
enum { ACCESS_SEQUENTIAL = 1, SIZE_DOWN = 2, SIZE_FORCE = 3, FAIL_ON_NONE = 0, FAIL_ON_WARNING = 3,
       INTERPRETATION_B_W = 1, LOG_LEVEL_WARNING = 1 << 4, LOG_LEVEL_MESSAGE = 1 << 5 };
typedef void (*LogFunc)(const char *, int, const char *, void *);

static struct {
    int (*init)(const char *);
    unsigned (*log_set_handler)(const char *, int, LogFunc, void *);
    void (*concurrency_set)(int);
    void (*cache_set_max)(int);
    void (*cache_set_max_mem)(size_t);
    void (*block_untrusted_set)(int);
    void (*vector_set_enabled)(int);
    int (*vector_isenabled)(void);
    const char *(*error_buffer)(void);
    void (*error_clear)(void);
    VipsImage *(*image_new_from_file)(const char *, ...);
    int (*image_get_width)(const VipsImage *);
    int (*image_get_height)(const VipsImage *);
    int (*image_get_orientation)(VipsImage *);
    void (*image_set_progress)(VipsImage *, int);
    void (*image_set_kill)(VipsImage *, int);
    void *(*image_write_to_memory)(VipsImage *, size_t *);
    int (*thumbnail)(const char *, VipsImage **, int, ...);
    int (*thumbnail_image)(VipsImage *, VipsImage **, int, ...);
    int (*shrink)(VipsImage *, VipsImage **, double, double, ...);
    VipsImage *(*image_copy_memory)(VipsImage *);
    int (*image_remove)(VipsImage *, const char *);
    char **(*image_get_fields)(VipsImage *);
    void (*strfreev)(char **);
    int (*webpsave_buffer)(VipsImage *, void **, size_t *, ...);
    int (*colourspace)(VipsImage *, VipsImage **, int, ...);
    int (*extract_band)(VipsImage *, VipsImage **, int, ...);
    int (*cast_uchar)(VipsImage *, VipsImage **, ...);
    void (*object_unref)(void *);
    void *(*gmalloc)(size_t);
    void (*gfree)(void *);
    unsigned long (*signal_connect_data)(void *, const char *, void (*)(void), void *, void (*)(void *, void *), int);
} v;

static int resolve(void *lib, void **slot, const char *name, char *err, int errlen) {
    *slot = dlsym(lib, name);
    if (*slot) return 0;
    snprintf(err, (size_t)errlen, "libvips has no %s (libvips 8.13 or later is needed)", name);
    return -1;
}

static void quiet(const char *domain, int level, const char *message, void *data) {
    (void)domain; (void)level; (void)message; (void)data;  // damaged files are reported by kho, with their names
}

int kho_pixels_start(char *err, int errlen) {
    void *lib = dlopen("libvips.so.42", RTLD_NOW | RTLD_LOCAL);
    if (!lib) { snprintf(err, (size_t)errlen, "libvips could not be loaded (install libvips42: make deps): %s", dlerror()); return -1; }
#define R(field, name) if (resolve(lib, (void **)&v.field, name, err, errlen)) return -1
    R(init, "vips_init"); R(log_set_handler, "g_log_set_handler"); R(concurrency_set, "vips_concurrency_set");
    R(cache_set_max, "vips_cache_set_max"); R(cache_set_max_mem, "vips_cache_set_max_mem");
    R(block_untrusted_set, "vips_block_untrusted_set"); R(vector_set_enabled, "vips_vector_set_enabled");
    R(vector_isenabled, "vips_vector_isenabled"); R(error_buffer, "vips_error_buffer"); R(error_clear, "vips_error_clear");
    R(image_new_from_file, "vips_image_new_from_file"); R(image_get_width, "vips_image_get_width");
    R(image_get_height, "vips_image_get_height"); R(image_get_orientation, "vips_image_get_orientation");
    R(image_set_progress, "vips_image_set_progress"); R(image_set_kill, "vips_image_set_kill");
    R(image_write_to_memory, "vips_image_write_to_memory"); R(thumbnail, "vips_thumbnail");
    R(thumbnail_image, "vips_thumbnail_image"); R(shrink, "vips_shrink"); R(image_copy_memory, "vips_image_copy_memory");
    R(image_remove, "vips_image_remove"); R(image_get_fields, "vips_image_get_fields"); R(strfreev, "g_strfreev"); R(webpsave_buffer, "vips_webpsave_buffer");
    R(colourspace, "vips_colourspace"); R(extract_band, "vips_extract_band"); R(cast_uchar, "vips_cast_uchar");
    R(object_unref, "g_object_unref"); R(gmalloc, "g_malloc"); R(gfree, "g_free");
    R(signal_connect_data, "g_signal_connect_data");
#undef R
    if (v.init("kho")) { snprintf(err, (size_t)errlen, "libvips did not start: %s", v.error_buffer()); return -1; }
    v.log_set_handler("VIPS", LOG_LEVEL_WARNING | LOG_LEVEL_MESSAGE, quiet, NULL);
    v.concurrency_set(1);
    v.cache_set_max(0);
    v.cache_set_max_mem(0);
    v.block_untrusted_set(1);
    v.vector_set_enabled(0);
    return 0;
}

int kho_pixels_codegen(void) { return v.vector_isenabled && v.vector_isenabled() ? 1 : 0; }

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void on_eval(VipsImage *image, void *progress, void *deadline) {
    (void)progress;
    if (now() > *(double *)deadline) v.image_set_kill(image, 1);
}

static void take_error(char *err, int errlen) {
    if (errlen > 0) {
        strncpy(err, v.error_buffer(), (size_t)errlen - 1);
        err[errlen - 1] = 0;
    }
    v.error_clear();
}

static void free_deadline(void *data, void *closure) { (void)closure; v.gfree(data); }

// The header alone: 1 unreadable, 2 more pixels than `max_pixels` (not to be decoded), 0 otherwise.
static int read_header(const char *path, long long max_pixels, int *width, int *height, int *orientation, char *err, int errlen) {
    VipsImage *header = v.image_new_from_file(path, "access", ACCESS_SEQUENTIAL, NULL);
    if (!header) { take_error(err, errlen); return 1; }
    *width = v.image_get_width(header);
    *height = v.image_get_height(header);
    *orientation = v.image_get_orientation(header);
    v.object_unref(header);
    return (long long)*width * (long long)*height > max_pixels ? 2 : 0;
}

// Stops the evaluation of `image` once `timeout` seconds have passed. The deadline is on the heap,
// freed with the signal connection: libvips may signal after the caller returns.
static void set_deadline(VipsImage *image, double timeout) {
    double *deadline = v.gmalloc(sizeof(double));
    *deadline = now() + timeout;
    v.image_set_progress(image, 1);
    v.signal_connect_data(image, "eval", (void (*)(void))on_eval, deadline, free_deadline, 0);
}

// Writes `image`'s pixels (one band, 8 bits) into `out` when they fit in `capacity` bytes.
static int copy_grey(VipsImage *image, unsigned char *out, size_t capacity, int *columns, int *rows) {
    size_t size = 0;
    void *memory = v.image_write_to_memory(image, &size);
    if (!memory) return -1;
    *columns = v.image_get_width(image);
    *rows = v.image_get_height(image);
    int ok = size == (size_t)*columns * (size_t)*rows && size <= capacity;
    if (ok) memcpy(out, memory, size);
    v.gfree(memory);
    return ok ? 0 : -1;
}

int kho_pixels_grey(const char *path, int side, int fit, int square_side, long long max_pixels, double timeout, int strict,
                    unsigned char *out, int *columns, int *rows, unsigned char *square_out,
                    int *width, int *height, int *orientation, char *err, int errlen) {
    int header = read_header(path, max_pixels, width, height, orientation, err, errlen);
    if (header) return header;
    VipsImage *thumb = NULL, *grey = NULL, *band = NULL, *bytes = NULL, *kept = NULL, *square = NULL;
    int status = 3;
    if (v.thumbnail(path, &thumb, side, "height", side, "size", fit ? SIZE_DOWN : SIZE_FORCE,
                    "fail_on", strict ? FAIL_ON_WARNING : FAIL_ON_NONE, NULL)) goto done;
    set_deadline(thumb, timeout);
    if (v.colourspace(thumb, &grey, INTERPRETATION_B_W, NULL)) goto done;
    if (v.extract_band(grey, &band, 0, NULL)) goto done;
    if (v.cast_uchar(band, &bytes, NULL)) goto done;
    // The decode is the cost (a 12-MP JPEG's entropy decoding, even at 1/8 scale): the square is
    // squeezed from the grey pixels already in memory, not from a second decode.
    if (!(kept = v.image_copy_memory(bytes))) goto done;
    if (copy_grey(kept, out, (size_t)side * (size_t)side, columns, rows)) goto done;
    if (square_side > 0) {
        int c, r;
        // Each cell of the square is the mean of the pixels it covers (as ffmpeg's area scaling
        // does for video frames); a picture smaller than the square is enlarged to it.
        int w = v.image_get_width(kept), h = v.image_get_height(kept);
        if (w >= square_side && h >= square_side) {
            if (v.shrink(kept, &square, (double)w / square_side, (double)h / square_side, NULL)) goto done;
        } else if (v.thumbnail_image(kept, &square, square_side, "height", square_side, "size", SIZE_FORCE, NULL)) goto done;
        if (copy_grey(square, square_out, (size_t)square_side * (size_t)square_side, &c, &r)) goto done;
        if (c != square_side || r != square_side) goto done;
    }
    status = 0;
done:
    if (status != 0) take_error(err, errlen);
    if (square) v.object_unref(square);
    if (kept) v.object_unref(kept);
    if (bytes) v.object_unref(bytes);
    if (band) v.object_unref(band);
    if (grey) v.object_unref(grey);
    if (thumb) v.object_unref(thumb);
    return status;
}

int kho_pixels_previews(const char *path, int large_side, int small_side, long long max_pixels, double timeout,
                        void **large, size_t *large_size, void **small, size_t *small_size, char *err, int errlen) {
    *large = NULL; *small = NULL; *large_size = 0; *small_size = 0;
    int width, height, orientation;
    int header = read_header(path, max_pixels, &width, &height, &orientation, err, errlen);
    if (header) return header;
    VipsImage *big = NULL, *decoded = NULL, *little = NULL;
    int status = 3;
    // One decode (shrink-on-load, turned upright by its EXIF orientation) into memory; both
    // previews are made from it. Damaged data gives what decodes.
    if (v.thumbnail(path, &big, large_side, "height", large_side, "size", SIZE_DOWN, "fail_on", FAIL_ON_NONE, NULL)) goto done;
    set_deadline(big, timeout);
    if (!(decoded = v.image_copy_memory(big))) goto done;
    // Nothing of the original's metadata (GPS position, camera serial, comments, the camera's own
    // thumbnail of the uncropped picture) goes into a preview: libvips 8.14's webpsave ignores
    // "strip" and rebuilds EXIF from the exif-* fields, so they are removed (what it still writes
    // is its own: size, resolution, orientation). The pixels are sRGB already, the profile goes.
    char **fields = v.image_get_fields(decoded);
    for (char **f = fields; f && *f; f++) {
        if (!strncmp(*f, "exif-", 5) || !strncmp(*f, "xmp-", 4) || !strncmp(*f, "iptc-", 5) || !strncmp(*f, "icc-", 4)
            || !strcmp(*f, "jpeg-thumbnail-data"))
            v.image_remove(decoded, *f);
    }
    if (fields) v.strfreev(fields);
    if (v.webpsave_buffer(decoded, large, large_size, "Q", 80, "strip", 1, NULL)) goto done;
    if (v.thumbnail_image(decoded, &little, small_side, "height", small_side, "size", SIZE_DOWN, NULL)) goto done;
    if (v.webpsave_buffer(little, small, small_size, "Q", 75, "strip", 1, NULL)) goto done;
    status = 0;
done:
    if (status != 0) {
        take_error(err, errlen);
        if (*large) { v.gfree(*large); *large = NULL; *large_size = 0; }
    }
    if (little) v.object_unref(little);
    if (decoded) v.object_unref(decoded);
    if (big) v.object_unref(big);
    return status;
}

void kho_pixels_free(void *memory) { if (memory) v.gfree(memory); }
