// libxml2's SAX2 parser, for XML kho did not write (XMP packets, OOXML/ODF parts, SVG): its types
// only. Not linked: SafeXML loads libxml2 with dlopen when the first XML part is parsed, because
// libxml2 brings ICU (libicuuc, 31 MB of libicudata) and cost every command ~0.7 ms at start.
// Foundation's XMLParser traps (SIGILL) on some malformed input; libxml2 reports errors instead.
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, whose headers clash with Foundation's own copy of ICU; kho uses
// no ICU type of libxml2's (only pointers to its encoding handlers), so leave them out.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
