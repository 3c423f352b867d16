/** Live counters of a run, the progress display and the final summary. */
package org.trawl.progress;
