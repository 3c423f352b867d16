# fish completion for trawl, generated from its command model
function __trawl_path --description 'the subcommands typed so far'
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l path
    for t in $tokens
        switch $t
            case '-*'
                continue
        end
        set -l candidate (string trim -- "$path $t")
        if contains -- $candidate $__trawl_commands
            set path $candidate
        end
    end
    echo $path
end
set -g __trawl_commands 'urls' 'iiif' 'status' 'verify' 'demo' 'completion'
complete -c trawl -f
complete -c trawl -n 'test -z (__trawl_path)' -a urls -d 'Download the images listed in a file: txt (one URL per line), csv, tsv, json (array of ...'
complete -c trawl -n 'test -z (__trawl_path)' -a iiif -d 'Download the images of a IIIF document: a Collection (nested to any depth), Manifest, S...'
complete -c trawl -n 'test -z (__trawl_path)' -a status -d 'Summarise an output folder from its checkpoint: items done and failed, bytes, failure r...'
complete -c trawl -n 'test -z (__trawl_path)' -a verify -d 'Re-hash every downloaded file against the checkpoint; report missing and corrupt files ...'
complete -c trawl -n 'test -z (__trawl_path)' -a demo -d 'Start an embedded image server on 127.0.0.1 with bundled sample images and build a labe...'
complete -c trawl -n 'test -z (__trawl_path)' -a completion -d 'Print the shell completion script for bash, zsh or fish.'
complete -c trawl -n 'test -z (__trawl_path)' -s h -l help -d 'Show this help message and exit.'
complete -c trawl -n 'test -z (__trawl_path)' -s V -l version -d 'Print version information and exit.'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l url-col -r -d 'Column or field holding the URL (default: url).'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l label-col -r -d 'Column holding the label, used as the folder (default: label).'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l name-col -r -d 'Column holding the file name stem (default: basename).'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -s o -l output -r -F -d 'Output folder (default: data).'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l json -d 'Print the summary (or the --dry-run plan) as one JSON object on stdout.'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -s q -l quiet -d 'No progress and no summary; errors only.'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -s j -l jobs -r -d 'Transfers in flight at once (default: 32).'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l per-host -r -d 'Transfers in flight to one host, to stay polite (default: 8).'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l retries -r -d 'Retries of a transient failure (connect error, timeout, 5xx, 429, truncated body), with...'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l timeout -r -d 'Longest one attempt may take, e.g. 90s, 5m (default: 5m).'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l connect-timeout -r -d 'Longest wait for a connection (default: 15s).'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l idle-timeout -r -d 'Longest silence inside a response before the attempt is abandoned (default: 30s).'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l overwrite -d 'Fetch every item again, even those already on disk.'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l retry-failed -d 'Fetch only the items that failed in earlier runs.'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l fsync -d 'Sync each file and the checkpoint to disk before an item counts as done: survives a mac...'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l insecure -d 'Do not verify TLS certificates (verified by default).'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l user-agent -r -d 'User-Agent header to send.'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l split -r -d 'Random subsets, e.g. train=0.8,test=0.2 (weights are normalised).'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l group-by -r -d 'Keep items with the same value of FIELD in one subset (e.g. an occurrence or video id).'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l seed -r -d 'Seed for splits and sampling (default: 0).'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l shard -r -d 'Take only shard I of N (0-based).'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -l dry-run -d 'Plan only: print counts per label and subset; download nothing.'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -s h -l help -d 'Show this help message and exit.'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -s V -l version -d 'Print version information and exit.'
complete -c trawl -n '__trawl_path | string match -q -- "urls"' -F
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -s w -l max-width -r -d 'Largest width in pixels, asked of the image server (never upscaled; the height keeps th...'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -s m -l metadata -r -F -d 'Also write the vgg_frontend metadata CSV (#filename,file_attributes) to this file.'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -s c -d 'Accepted for compatibility with iiif_downloader, where it turned TLS certificate checks...'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -s o -l output -r -F -d 'Output folder (default: data).'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -l json -d 'Print the summary (or the --dry-run plan) as one JSON object on stdout.'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -s q -l quiet -d 'No progress and no summary; errors only.'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -s j -l jobs -r -d 'Transfers in flight at once (default: 32).'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -l per-host -r -d 'Transfers in flight to one host, to stay polite (default: 8).'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -l retries -r -d 'Retries of a transient failure (connect error, timeout, 5xx, 429, truncated body), with...'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -l timeout -r -d 'Longest one attempt may take, e.g. 90s, 5m (default: 5m).'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -l connect-timeout -r -d 'Longest wait for a connection (default: 15s).'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -l idle-timeout -r -d 'Longest silence inside a response before the attempt is abandoned (default: 30s).'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -l overwrite -d 'Fetch every item again, even those already on disk.'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -l retry-failed -d 'Fetch only the items that failed in earlier runs.'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -l fsync -d 'Sync each file and the checkpoint to disk before an item counts as done: survives a mac...'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -l insecure -d 'Do not verify TLS certificates (verified by default).'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -l user-agent -r -d 'User-Agent header to send.'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -l split -r -d 'Random subsets, e.g. train=0.8,test=0.2 (weights are normalised).'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -l group-by -r -d 'Keep items with the same value of FIELD in one subset (e.g. an occurrence or video id).'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -l seed -r -d 'Seed for splits and sampling (default: 0).'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -l shard -r -d 'Take only shard I of N (0-based).'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -l dry-run -d 'Plan only: print counts per label and subset; download nothing.'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -s h -l help -d 'Show this help message and exit.'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -s V -l version -d 'Print version information and exit.'
complete -c trawl -n '__trawl_path | string match -q -- "iiif"'complete -c trawl -n '__trawl_path | string match -q -- "iiif"' -F
complete -c trawl -n '__trawl_path | string match -q -- "status"' -l json -d 'Print one JSON object.'
complete -c trawl -n '__trawl_path | string match -q -- "status"' -s h -l help -d 'Show this help message and exit.'
complete -c trawl -n '__trawl_path | string match -q -- "status"' -s V -l version -d 'Print version information and exit.'
complete -c trawl -n '__trawl_path | string match -q -- "status"' -F
complete -c trawl -n '__trawl_path | string match -q -- "verify"' -l no-mark -d 'Only report; leave the checkpoint as it is.'
complete -c trawl -n '__trawl_path | string match -q -- "verify"' -s h -l help -d 'Show this help message and exit.'
complete -c trawl -n '__trawl_path | string match -q -- "verify"' -s V -l version -d 'Print version information and exit.'
complete -c trawl -n '__trawl_path | string match -q -- "verify"' -F
complete -c trawl -n '__trawl_path | string match -q -- "demo"' -s o -l output -r -F -d 'Output folder (default: trawl-demo).'
complete -c trawl -n '__trawl_path | string match -q -- "demo"' -l json -d 'Print the summary as JSON.'
complete -c trawl -n '__trawl_path | string match -q -- "demo"' -s j -l jobs -r -d 'Transfers in flight at once (default: 32).'
complete -c trawl -n '__trawl_path | string match -q -- "demo"' -l per-host -r -d 'Transfers in flight to one host, to stay polite (default: 8).'
complete -c trawl -n '__trawl_path | string match -q -- "demo"' -l retries -r -d 'Retries of a transient failure (connect error, timeout, 5xx, 429, truncated body), with...'
complete -c trawl -n '__trawl_path | string match -q -- "demo"' -l timeout -r -d 'Longest one attempt may take, e.g. 90s, 5m (default: 5m).'
complete -c trawl -n '__trawl_path | string match -q -- "demo"' -l connect-timeout -r -d 'Longest wait for a connection (default: 15s).'
complete -c trawl -n '__trawl_path | string match -q -- "demo"' -l idle-timeout -r -d 'Longest silence inside a response before the attempt is abandoned (default: 30s).'
complete -c trawl -n '__trawl_path | string match -q -- "demo"' -l overwrite -d 'Fetch every item again, even those already on disk.'
complete -c trawl -n '__trawl_path | string match -q -- "demo"' -l retry-failed -d 'Fetch only the items that failed in earlier runs.'
complete -c trawl -n '__trawl_path | string match -q -- "demo"' -l fsync -d 'Sync each file and the checkpoint to disk before an item counts as done: survives a mac...'
complete -c trawl -n '__trawl_path | string match -q -- "demo"' -l insecure -d 'Do not verify TLS certificates (verified by default).'
complete -c trawl -n '__trawl_path | string match -q -- "demo"' -l user-agent -r -d 'User-Agent header to send.'
complete -c trawl -n '__trawl_path | string match -q -- "demo"' -s h -l help -d 'Show this help message and exit.'
complete -c trawl -n '__trawl_path | string match -q -- "demo"' -s V -l version -d 'Print version information and exit.'
complete -c trawl -n '__trawl_path | string match -q -- "completion"' -s h -l help -d 'Show this help message and exit.'
complete -c trawl -n '__trawl_path | string match -q -- "completion"' -s V -l version -d 'Print version information and exit.'
complete -c trawl -n '__trawl_path | string match -q -- "completion"' -a 'bash zsh fish'
