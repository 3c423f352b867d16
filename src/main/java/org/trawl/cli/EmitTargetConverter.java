package org.trawl.cli;

import org.trawl.core.TrawlException;
import org.trawl.plan.emit.EmitTarget;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** --emit-plan's value: a bad extension stops the command before any service is asked anything. */
public class EmitTargetConverter implements ITypeConverter<EmitTarget> {
    @Override
    public EmitTarget convert(String text) {
        try {
            return EmitTarget.parse(text);
        } catch (TrawlException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
